import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EVENT_STORE, EventStore } from '@registry/event-store';
import { ReadinessReadModel } from '../verdicts/readiness.read-model';
import { LogLag } from './log-lag';

/**
 * Label values stay bounded whatever clients send: operation names are the client's choice, so the first
 * MAX_OPERATION_NAMES distinct well-formed names get their own series and later ones are counted as `other`;
 * reasons are codes this app defines, capped the same way in case a code path ever builds one from input.
 */
export const MAX_OPERATION_NAMES = 100;
const MAX_REASONS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const REASON = /^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+){0,3}$/;

export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(
    private readonly max: number,
    private readonly pattern: RegExp,
  ) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max || !this.pattern.test(value)) return 'other';
    this.seen.add(value);
    return value;
  }
}

/** The requests the HTTP histogram tells apart: a fixed set of route families, never the path itself. */
export const routeOf = (path: string): string => {
  if (path === '/graphql') return 'graphql';
  if (path === '/') return 'home';
  if (path === '/metrics') return 'metrics';
  if (path.startsWith('/health/')) return 'health';
  if (path.startsWith('/.well-known/')) return 'well_known';
  if (path.startsWith('/status/')) return 'status_list';
  if (path.startsWith('/log/')) return 'transparency_log';
  return 'other';
};

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What the request log and the HTTP layer learn about the GraphQL operation a request carried. */
export interface OperationNote {
  name: string | null;
  type: string;
}
export type NotedRequest = { registryOperation?: OperationNote };

/**
 * The registry's Prometheus metrics, in a registry of its own (not prom-client's global one), so several
 * apps in one process (the tests) each count their own. A scrape reads counters kept as requests happen and
 * one shared log-lag sample (LogLag, at most one store query a second); nothing else touches the database.
 */
@Injectable()
export class RegistryMetrics implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly operationNames = new BoundedLabel(MAX_OPERATION_NAMES, OPERATION_NAME);
  private readonly reasons = new BoundedLabel(MAX_REASONS, REASON);
  private readonly unsubscribe: () => void;

  readonly httpDuration = new Histogram({
    name: 'registry_http_request_duration_seconds',
    help: 'HTTP requests by route family, method and status, from the first byte in to the last byte out (includes 429 and 503 refusals).',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: 'registry_graphql_request_duration_seconds',
    help: 'GraphQL requests that reached Apollo, by operation name (anonymous, other past the cap, invalid when no operation could be resolved) and type.',
    labelNames: ['operation', 'type'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly graphqlErrors = new Counter({
    name: 'registry_graphql_errors_total',
    help: 'Errors in GraphQL answers, by operation, extensions.code and extensions.reason (refusals and failures alike; unknown when refused before the operation was read).',
    labelNames: ['operation', 'type', 'code', 'reason'] as const,
    registers: [this.registry],
  });

  readonly websocketUpgrades = new Counter({
    name: 'registry_websocket_upgrades_total',
    help: 'WebSocket upgrades to /graphql by outcome: accepted, rate_limited, too_many_connections (per address), draining.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly websocketConnections = new Gauge({
    name: 'registry_websocket_connections',
    help: 'WebSocket connections open on this instance (upgraded, initialised or not).',
    registers: [this.registry],
  });

  readonly subscriptionsActive = new Gauge({
    name: 'registry_subscriptions_active',
    help: 'Subscriptions this instance holds now (SUBSCRIPTIONS_MAX caps it).',
    registers: [this.registry],
  });

  readonly appends = new Counter({
    name: 'registry_event_store_appends_total',
    help: 'Appends this instance committed to the event log (one per command that wrote; deduplicated retries are not counted).',
    registers: [this.registry],
  });

  constructor(@Inject(EVENT_STORE) store: EventStore, lag: LogLag, readiness: ReadinessReadModel) {
    collectDefaultMetrics({ register: this.registry });
    this.unsubscribe = store.onAppended(() => this.appends.inc());

    const sampled = async () => {
      try {
        return await lag.sample();
      } catch {
        return lag.latest();
      }
    };
    new Gauge({
      name: 'registry_event_store_up',
      help: '1 when the event store answered the last head query (within 2 s), else 0.',
      registers: [this.registry],
      async collect() {
        const s = await sampled();
        this.set(s && !s.storeError ? 1 : 0);
      },
    });
    new Gauge({
      name: 'registry_log_head_position',
      help: 'Global sequence number of the newest event a reader can see.',
      registers: [this.registry],
      async collect() {
        const s = await sampled();
        if (s?.head) this.set(Number(s.head.globalPosition));
      },
    });
    const byProjection = (name: string, help: string, value: (p: { position: { globalPosition: bigint }; events: number; seconds: number }) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['projection'] as const,
        registers: [this.registry],
        async collect() {
          const s = await sampled();
          for (const p of s?.projections ?? []) this.set({ projection: p.name }, value(p));
        },
      });
    byProjection('registry_projection_position', 'Global sequence number of the last event each projection applied.', (p) => Number(p.position.globalPosition));
    byProjection(
      'registry_projection_lag_events',
      'Events between each projection and the log head (an upper bound: rolled-back appends use sequence numbers).',
      (p) => p.events,
    );
    byProjection('registry_projection_lag_seconds', 'Age of the oldest event each projection has not applied (0 when caught up).', (p) => p.seconds);

    new Gauge({
      name: 'registry_readiness_pending_changes',
      help: 'Changes (model versions and slices) the export-readiness read model has marked and not yet recomputed.',
      registers: [this.registry],
      collect() {
        this.set(readiness.health().pendingCount);
      },
    });
    new Gauge({
      name: 'registry_readiness_consecutive_failures',
      help: 'Failed export-readiness updates in a row (0 once an update succeeds); it retries with backoff meanwhile.',
      registers: [this.registry],
      collect() {
        this.set(readiness.health().consecutiveFailures);
      },
    });
    new Gauge({
      name: 'registry_readiness_last_success_timestamp_seconds',
      help: 'When the export-readiness read model last brought its rows up to date (Unix time).',
      registers: [this.registry],
      collect() {
        const at = readiness.health().lastSuccessAt;
        if (at) this.set(Date.parse(at) / 1000);
      },
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  operationLabel(name: string | null | undefined, resolved: boolean): string {
    if (!resolved) return 'invalid';
    return name ? this.operationNames.of(name) : 'anonymous';
  }

  countErrors(operation: string, type: string, errors: readonly Pick<GraphQLFormattedError, 'extensions'>[]): void {
    for (const error of errors) {
      const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'NONE';
      const reason = typeof error.extensions?.reason === 'string' ? error.extensions.reason : `GRAPHQL.${code}`;
      this.graphqlErrors.inc({ operation, type, code: REASON.test(code) ? code : 'other', reason: this.reasons.of(reason) });
    }
  }

  /**
   * Latency and errors per operation. Errors are read from the formatted answer (after the one error
   * mapping), so the labels are the `extensions.code` and `reason` clients see. Requests refused before Apollo
   * runs the operation (a bad token, a document past the token limit, CSRF) are counted by their hooks.
   */
  apolloPlugin(): ApolloServerPlugin<{ req?: NotedRequest }> {
    const metrics = this;
    const earlyRefusal = (error: Error) => {
      const extensions = error instanceof GraphQLError ? error.extensions : { code: 'INTERNAL_SERVER_ERROR', reason: 'INTERNAL' };
      metrics.countErrors('unknown', 'unknown', [{ extensions }]);
    };
    return {
      async contextCreationDidFail({ error }) {
        earlyRefusal(error);
      },
      async invalidRequestWasReceived({ error }) {
        earlyRefusal(error);
      },
      async requestDidStart() {
        const started = process.hrtime.bigint();
        return {
          async willSendResponse(ctx: GraphQLRequestContext<{ req?: NotedRequest }>) {
            const type = ctx.operation?.operation ?? 'unknown';
            const operation = metrics.operationLabel(ctx.operationName, ctx.operation !== undefined);
            const req = ctx.contextValue?.req;
            if (req) req.registryOperation = { name: ctx.operation ? (ctx.operationName ?? null) : null, type };
            metrics.graphqlDuration.observe({ operation, type }, Number(process.hrtime.bigint() - started) / 1e9);
            const body = ctx.response.body;
            if (body?.kind === 'single' && body.singleResult.errors?.length) metrics.countErrors(operation, type, body.singleResult.errors);
          },
        };
      },
    };
  }
}
