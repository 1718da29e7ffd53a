import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { IncomingMessage } from 'node:http';
import { ExecutionArgs, getOperationAST, GraphQLError, GraphQLFormattedError, OperationTypeNode, parse, specifiedRules, validate } from 'graphql';
import type { Context, ServerOptions, SubscribePayload } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { decodeJwt } from 'jose';
import { Actor, isRegistryError } from '@registry/kernel';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';
import { AuthService } from '../auth/auth.service';
import { HistoryService } from '../history/history.service';
import { formatError } from '../graphql/error-mapping';
import { operationCost, queryRefused, queryShapeRules, tokenLimitRefusal } from '../graphql/cost-limits';
import { RequestLoaders } from '../graphql/loaders';
import { requestContext } from '../graphql/request-context';
import { RegistryMetrics } from '../operations/metrics';
import { SUBSCRIPTIONS_CONFIG, SubscriptionsConfig } from './subscriptions.config';
import { Tally, Visit, WebSocketAdmission } from './websocket-admission';

/** graphql-ws close codes: 4403 Forbidden is what its client treats as "do not retry with these credentials". */
const FORBIDDEN = 4403;
/** RFC 6455 "Try Again Later": a temporary condition (graphql-ws' 4429 means something else: a second connection_init). */
const TRY_AGAIN_LATER = 1013;

/** What the metrics say about one subscription: its bounded labels and when its subscribe message arrived. */
interface Operation {
  readonly operation: string;
  readonly type: string;
  readonly started: bigint;
  running: boolean;
}

interface Connection {
  readonly actor: Actor | undefined;
  readonly visit: Visit | undefined;
  /** The subscriptions counted against the caps, by graphql-ws id. */
  readonly subscriptions: Set<string>;
  /** Every subscribe message still in flight or running, by id, for the metrics. */
  readonly operations: Map<string, Operation>;
  expiry?: NodeJS.Timeout;
}

type WsExtra = { socket: WebSocket; request: IncomingMessage };
type WsContext = Context<Record<string, unknown> | undefined, WsExtra>;

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

/**
 * Who may open a WebSocket and what it may ask over it. The bearer token comes in
 * `connectionParams.authorization` and is verified like an HTTP request's (a token that does not verify
 * closes the connection with 4403 and the refusal's reason; none means anonymous); the connection is closed
 * when the token expires. Each subscription document passes the same limits as a query (tokens, fields,
 * depth, aliases, directives, cost) and counts against a per-connection, a per-client (token subject, or
 * address without a token) and an instance-wide cap. Only subscriptions are served here: queries and
 * mutations go over HTTP, where the rate limit applies. Who may upgrade at all: WebSocketAdmission.
 *
 * Each subscribe message is measured like an HTTP operation (registry_graphql_request_duration_seconds, from
 * the message to the subscription started or refused, type `subscription`) and its errors counted as clients
 * see them (registry_graphql_errors_total), with the same bounded operation labels.
 */
@Injectable()
export class SubscriptionGate {
  private readonly connections = new Map<WsContext, Connection>();
  /** Subscriptions per client (`ip:…` or `subject:…`, as WebSocketAdmission names them). */
  private readonly perClient = new Tally();
  private active = 0;

  constructor(
    private readonly admission: WebSocketAdmission,
    private readonly metrics: RegistryMetrics,
    private readonly auth: AuthService,
    private readonly queries: QueryBus,
    private readonly history: HistoryService,
    private readonly moduleRef: ModuleRef,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(SUBSCRIPTIONS_CONFIG) private readonly limits: SubscriptionsConfig,
  ) {}

  /** Subscriptions open on this instance now. */
  get activeSubscriptions(): number {
    return this.active;
  }

  /** Initialised connections this gate keeps state for (for tests: none once every connection closed). */
  get initialisedConnections(): number {
    return this.connections.size;
  }

  /** Clients holding at least one subscription (for tests: none once every connection closed). */
  get clientsWithSubscriptions(): number {
    return this.perClient.size;
  }

  /**
   * The `graphql-ws` options for the Apollo driver's `subscriptions` setting. Nest's type names only some of
   * them, but passes all of them to graphql-ws's `useServer` (onComplete and onError included).
   */
  serverOptions(): ServerOptions<Record<string, unknown> | undefined, unknown> {
    return {
      connectionInitWaitTimeout: 5_000,
      onConnect: (ctx) => this.connect(ctx as WsContext),
      onSubscribe: (ctx, id, payload) => this.subscribe(ctx as WsContext, id, payload),
      onComplete: (ctx, id) => this.release(ctx as WsContext, id),
      onClose: (ctx, code) => this.disconnect(ctx as WsContext, code),
      onOperation: (ctx, id) => this.started(ctx as WsContext, id),
      onError: (ctx, id, _payload, errors) =>
        this.counted(
          ctx as WsContext,
          id,
          errors.map((e) => formatError(e.toJSON(), e)),
          true,
        ),
      onNext: (ctx, id, _payload, _args, result) =>
        result.errors
          ? {
              ...result,
              errors: this.counted(
                ctx as WsContext,
                id,
                result.errors.map((e) => formatError(e.toJSON(), e)),
                false,
              ),
            }
          : undefined,
    };
  }

  private async connect(ctx: WsContext): Promise<boolean> {
    const authorization = ctx.connectionParams?.authorization;
    const visit = this.admission.visitOf(ctx.extra.request);
    try {
      if (authorization !== undefined && typeof authorization !== 'string') throw new Error('AUTH.MALFORMED_HEADER');
      const actor = await this.auth.actorFrom(authorization);
      // Closed while the token was being checked: nothing to keep (onClose has already run).
      if (ctx.extra.socket.readyState !== ctx.extra.socket.OPEN) return false;
      const crowded = visit ? this.admission.identify(visit, actor) : undefined;
      if (crowded) {
        this.refuseConnection(ctx, visit, 'BAD_USER_INPUT', crowded, TRY_AGAIN_LATER);
        return false;
      }
      const connection: Connection = { actor, visit, subscriptions: new Set(), operations: new Map() };
      if (actor && authorization) {
        // Verified above; only its expiry is read here.
        const exp = decodeJwt(authorization.replace(/^Bearer\s+/i, '').trim()).exp;
        if (exp)
          connection.expiry = setTimeout(
            () => {
              if (visit) visit.outcome = 'AUTH.TOKEN_EXPIRED';
              ctx.extra.socket.close(FORBIDDEN, 'AUTH.TOKEN_EXPIRED');
            },
            Math.max(0, exp * 1000 - Date.now()),
          );
      }
      this.connections.set(ctx, connection);
      return true;
    } catch (error) {
      const [code, reason] = isRegistryError(error) ? [error.category, error.code] : ['UNAUTHENTICATED', 'AUTH.MALFORMED_HEADER'];
      // The close reason tells the client why; returning false alone would say only "Forbidden".
      this.refuseConnection(ctx, visit, code, reason, FORBIDDEN);
      return false;
    }
  }

  /** A refused connection_init: counted like an HTTP request refused before its document was read. */
  private refuseConnection(ctx: WsContext, visit: Visit | undefined, code: string, reason: string, closeCode: number): void {
    if (visit) visit.outcome = reason;
    this.metrics.countErrors('unknown', 'unknown', [{ extensions: { code, reason } }]);
    ctx.extra.socket.close(closeCode, reason);
  }

  private subscribe(ctx: WsContext, id: string, payload: SubscribePayload): ExecutionArgs | readonly GraphQLError[] {
    const connection = this.connections.get(ctx);
    if (!connection) return [queryRefused('SUBSCRIPTION.NOT_CONNECTED', 'The connection is not initialised.')];
    // Labelled like Apollo's: `invalid` until an operation is resolved from the document.
    const note: Operation = { operation: this.metrics.operationLabel(undefined, false), type: 'unknown', started: process.hrtime.bigint(), running: false };
    connection.operations.set(id, note);
    const limits = this.config.queryLimits;
    const oversized = tokenLimitRefusal(payload.query, limits);
    if (oversized) return [oversized];
    let document;
    try {
      document = parse(payload.query, { maxTokens: limits.maxTokens });
    } catch (error) {
      return [
        error instanceof GraphQLError
          ? queryRefused('GRAPHQL.GRAPHQL_PARSE_FAILED', error.message)
          : queryRefused('GRAPHQL.GRAPHQL_PARSE_FAILED', 'The document does not parse.'),
      ];
    }
    const schema = this.moduleRef.get(GraphQLSchemaHost, { strict: false }).schema;
    const errors = validate(schema, document, [...specifiedRules, ...queryShapeRules(limits)]);
    if (errors.length > 0) return errors;
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return [queryRefused('GRAPHQL.OPERATION_RESOLUTION_FAILURE', 'Name the operation to run (operationName).')];
    connection.operations.set(id, { ...note, operation: this.metrics.operationLabel(operation.name?.value, true), type: operation.operation });
    if (operation.operation !== OperationTypeNode.SUBSCRIPTION)
      return [queryRefused('SUBSCRIPTION.SUBSCRIPTIONS_ONLY', 'Only subscriptions are served over WebSocket; send queries and mutations over HTTP.')];
    const cost = operationCost({ schema, document, operation, variables: payload.variables ?? {} });
    if (cost > limits.maxCost)
      return [queryRefused('QUERY.TOO_COSTLY', `Query cost limit of ${limits.maxCost} exceeded, found ${cost} (GRAPHQL_MAX_COST). Select fewer nested lists.`)];
    if (connection.subscriptions.size >= this.limits.perConnection)
      return [
        queryRefused(
          'SUBSCRIPTION.TOO_MANY_ON_CONNECTION',
          `A connection may hold at most ${this.limits.perConnection} subscriptions (SUBSCRIPTIONS_PER_CONNECTION); complete one first.`,
        ),
      ];
    const client = connection.visit?.client;
    if (client && this.perClient.count(client) >= this.limits.perClient)
      return [
        queryRefused(
          'SUBSCRIPTION.TOO_MANY_FOR_CLIENT',
          `This ${client.startsWith('ip:') ? 'address' : 'token subject'} holds its maximum of ${this.limits.perClient} subscriptions (SUBSCRIPTIONS_PER_CLIENT); complete one first.`,
        ),
      ];
    if (this.active >= this.limits.total)
      return [
        queryRefused(
          'SUBSCRIPTION.TOO_MANY',
          `This instance holds its maximum of ${this.limits.total} subscriptions (SUBSCRIPTIONS_MAX); retry later or on another instance.`,
        ),
      ];
    connection.subscriptions.add(id);
    if (client) this.perClient.add(client);
    this.active++;
    this.metrics.subscriptionsActive.set(this.active);
    if (connection.visit) connection.visit.subscriptions++;
    const loaders = new RequestLoaders(this.queries, this.history, connection.actor);
    // A subscription lives long: cached stream reads would show a later notification an old history.
    loaders.uncached();
    return {
      schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
      // The connection's correlation id (the upgrade's x-correlation-id, or a new one), as in its log line.
      contextValue: { ...requestContext(connection.actor, connection.visit?.correlationId), loaders },
    };
  }

  /** The subscription's resolver has answered (a stream, or an error result): its latency is observed once. */
  private started(ctx: WsContext, id: string): undefined {
    const note = this.connections.get(ctx)?.operations.get(id);
    if (note && !note.running) {
      note.running = true;
      this.metrics.graphqlDuration.observe({ operation: note.operation, type: note.type }, seconds(note.started));
    }
    return undefined;
  }

  /**
   * Errors as the client sees them, counted with the operation's labels. `error` messages end the operation
   * (a refusal in onSubscribe, or a failure such as CONSUMER_TOO_SLOW): a refusal's latency is observed here.
   */
  private counted(ctx: WsContext, id: string, errors: GraphQLFormattedError[], final: boolean): GraphQLFormattedError[] {
    const connection = this.connections.get(ctx);
    const note = connection?.operations.get(id) ?? { operation: 'unknown', type: 'unknown', started: process.hrtime.bigint(), running: true };
    this.metrics.countErrors(note.operation, note.type, errors);
    if (final && !note.running) this.metrics.graphqlDuration.observe({ operation: note.operation, type: note.type }, seconds(note.started));
    // A refused subscribe gets no onComplete.
    if (final && !connection?.subscriptions.has(id)) connection?.operations.delete(id);
    return errors;
  }

  private release(ctx: WsContext, id: string): void {
    const connection = this.connections.get(ctx);
    if (!connection) return;
    connection.operations.delete(id);
    if (!connection.subscriptions.delete(id)) return;
    if (connection.visit) this.perClient.remove(connection.visit.client);
    this.active--;
    this.metrics.subscriptionsActive.set(this.active);
  }

  /** Called by graphql-ws for every socket that reached it, however it closed (a reset too: code 1006). */
  private disconnect(ctx: WsContext, code: number | undefined): void {
    const visit = this.admission.visitOf(ctx.extra.request);
    if (visit) visit.closeCode = code;
    const connection = this.connections.get(ctx);
    if (!connection) return;
    clearTimeout(connection.expiry);
    for (const id of [...connection.subscriptions]) this.release(ctx, id);
    this.connections.delete(ctx);
  }
}
