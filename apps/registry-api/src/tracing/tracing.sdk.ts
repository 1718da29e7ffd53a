import type { IncomingMessage } from 'node:http';
import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, NodeTracerProvider, ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';
import { describeTracing, EnabledTracing } from './tracing.config';
import { exportErrorCode, redactAttributes, redactEvents, routeOf } from './tracing.redaction';

/**
 * The OpenTelemetry SDK, loaded by tracing.ts only when an exporter is configured: one tracer provider with a
 * batch processor per exporter, and the http, graphql and pg instrumentations. Loading this module is what
 * costs: with tracing off it is never required (test/e2e/tracing.e2e-spec.ts checks no @opentelemetry module
 * is loaded).
 */

/** The part of a pino logger this uses (main.ts hands over the app's root logger once it exists). */
export interface TracingLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface TracingHandle {
  /** Where spans go, for the start-up banner (no credentials). */
  readonly description: string;
  /** Export failures are logged here from now on (before, they are only counted). */
  useLog(log: TracingLog): void;
  /** Exports what is buffered and stops; gives up after `limitMs` so a hung collector cannot hold the exit. */
  shutdown(limitMs: number): Promise<void>;
}

/** One failure logged per minute at most, with how many exports failed since the last line. */
export const FAILURE_LOG_INTERVAL_MS = 60_000;

/**
 * Failed exports, counted and logged by code. Until the app's logger is handed over (exports start during
 * start-up: the schema is parsed then) failures are only counted; the first line is written when it is.
 */
class ExportFailures {
  private failed = 0;
  private lastLogged = -Infinity;
  private log: TracingLog | undefined;
  private lastCode = 'UNKNOWN';

  useLog(log: TracingLog): void {
    this.log = log;
    if (this.failed > 0) this.report();
  }

  record(error: unknown): void {
    this.failed += 1;
    this.lastCode = exportErrorCode(error);
    if (this.log && Date.now() - this.lastLogged >= FAILURE_LOG_INTERVAL_MS) this.report();
  }

  private report(): void {
    this.lastLogged = Date.now();
    this.log?.warn({ code: this.lastCode, failedExports: this.failed }, 'trace export failed: the spans of the failed exports are dropped');
    this.failed = 0;
  }
}

/**
 * Every exporter is wrapped: spans leave without secrets (tracing.redaction.ts), and a failed export is counted
 * and logged by its code. A span is never changed in place (other processors hold it): one that needs redacting
 * is sent as a copy whose own `attributes`/`events` shadow the original's.
 */
class GuardedExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly failures: ExportFailures,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans.map(redactSpan), (result) => {
      if (result.code !== ExportResultCode.SUCCESS) this.failures.record(result.error);
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

const redactSpan = (span: ReadableSpan): ReadableSpan => {
  const attributes = redactAttributes(span.attributes);
  const events = redactEvents(span.events);
  if (attributes === span.attributes && events === span.events) return span;
  return Object.create(span, { attributes: { value: attributes }, events: { value: events } }) as ReadableSpan;
};

const exporterFor = (name: EnabledTracing['exporters'][number], config: EnabledTracing): SpanExporter => {
  if (name === 'console') return new ConsoleSpanExporter();
  const options = { url: config.otlpUrl, timeoutMillis: config.exportTimeoutMs };
  return config.protocol === 'http/json' ? new OtlpJsonExporter(options) : new OtlpProtobufExporter(options);
};

const isIncoming = (request: unknown): request is IncomingMessage =>
  typeof request === 'object' && request !== null && 'headers' in request && typeof (request as { getHeader?: unknown }).getHeader !== 'function';

/** Probes and scrapes come every few seconds and say nothing about a request: not traced. */
const UNTRACED_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

export const startTracing = (config: EnabledTracing): TracingHandle => {
  const failures = new ExportFailures();
  const resource = defaultResource()
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(resourceFromAttributes({ 'service.name': config.serviceName }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: config.exporters.map((name) => new BatchSpanProcessor(new GuardedExporter(exporterFor(name, config), failures))),
  });
  // Sets the global provider, the AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // The default too, said here because it matters: no header becomes an attribute (Authorization, cookies).
        headersToSpanAttributes: { server: { requestHeaders: [], responseHeaders: [] }, client: { requestHeaders: [], responseHeaders: [] } },
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0]),
        // Without a framework instrumentation a server span would be named by its method alone: name it by route.
        requestHook: (span, request) => {
          if (!isIncoming(request)) return;
          const route = routeOf((request.url ?? '/').split('?')[0]);
          if (!route) return;
          span.setAttribute('http.route', route);
          span.updateName(`${request.method ?? 'GET'} ${route}`);
        },
      }),
      new GraphQLInstrumentation({
        // Never the values: literals in graphql.source are masked, and variables are not recorded.
        allowValues: false,
        // Only resolvers the registry wrote get a span, not every property read; list items share one path.
        ignoreTrivialResolveSpans: true,
        mergeItems: true,
      }),
      new PgInstrumentation({
        // Statements only inside a traced request: the projections' polling would otherwise be a trace each tick.
        requireParentSpan: true,
        // Statement text only; its parameters (restricted fields, tokens' subjects) are never recorded.
        enhancedDatabaseReporting: false,
      }),
    ],
  });
  return {
    description: describeTracing(config),
    useLog: (log) => failures.useLog(log),
    shutdown: async (limitMs) => {
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, limitMs);
        timer.unref();
      });
      await Promise.race([provider.shutdown().catch((error: unknown) => failures.record(error)), limit]);
      clearTimeout(timer);
    },
  };
};
