import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { requestContext } from '../graphql/request-context';
import { admissionOf } from '../graphql/throttling';
import { loggerOptions } from '../infrastructure/logging';
import { NotedRequest, RegistryMetrics, routeOf } from './metrics';

type Req = IncomingMessage & NotedRequest & { id?: unknown; originalUrl?: string };

export const CORRELATION_HEADER = 'x-correlation-id';

const METHODS = new Set(['GET', 'POST', 'OPTIONS', 'HEAD']);
const pathOf = (req: Req) => (req.originalUrl ?? req.url ?? '/').split('?')[0];
/** Probes and scrapes come every few seconds: their lines are kept at debug so they do not drown requests. */
const isRoutine = (req: Req) => ['health', 'metrics'].includes(routeOf(pathOf(req)));

/**
 * The id a request is known by in logs, in the events it writes (metadata.correlationId) and in the answer's
 * `x-correlation-id`: the caller's, when it is a well-formed id (request-context.ts decides), else a new one.
 * Written back into the request's header so the GraphQL context, built later, takes the same id.
 */
const correlate = (req: Req, res: ServerResponse): string => {
  const incoming = req.headers[CORRELATION_HEADER];
  const id = requestContext(undefined, typeof incoming === 'string' ? incoming : undefined).correlationId;
  req.headers[CORRELATION_HEADER] = id;
  res.setHeader(CORRELATION_HEADER, id);
  return id;
};

/** What the line says beyond pino-http's req/res/responseTime: never the token, only who it names. */
const requestFacts = (req: Req) => {
  const actor = admissionOf(req)?.actor;
  const operation = req.registryOperation;
  return {
    correlationId: req.headers[CORRELATION_HEADER],
    ...(operation ? { operation: operation.name ? operation.name.slice(0, 64) : null, operationType: operation.type } : {}),
    ...(actor ? { subject: actor.subject, role: actor.role } : {}),
  };
};

const summary = (req: Req, res: ServerResponse, responseTime: number) => {
  const operation = req.registryOperation;
  const what = operation ? ` ${operation.type} ${operation.name ? operation.name.slice(0, 64) : '(anonymous)'}` : '';
  return `${req.method} ${pathOf(req)} ${res.statusCode}${what} ${responseTime} ms`;
};

/**
 * One line per HTTP request, written when the answer is sent (or the connection closes first), and the HTTP
 * latency histogram. Mounted in main.ts before everything else, so the answers given before Nest's routing
 * (503 while draining, 429 from the rate limit, 413 from the body parser) are logged and counted too.
 * It logs through the app's root pino logger: the same destination, level and redaction as every other line.
 */
export const requestLogMiddleware = (root: Logger, level: string, metrics: RegistryMetrics) => {
  const log = pinoHttp<Req, ServerResponse>({
    logger: root,
    serializers: loggerOptions(level).serializers,
    genReqId: correlate,
    customLogLevel: (req, res, error) => (isRoutine(req) ? 'debug' : error || (res.statusCode >= 500 && res.statusCode !== 503) ? 'error' : 'info'),
    customSuccessMessage: summary,
    // pino-http passes the response time as a 4th argument its typings leave out.
    customErrorMessage: ((req: Req, res: ServerResponse, _error: Error, responseTime?: number) => summary(req, res, responseTime ?? 0)) as (
      req: Req,
      res: ServerResponse,
      error: Error,
    ) => string,
    customSuccessObject: (req, _res, value) => ({ ...value, ...requestFacts(req) }),
    // Unexpected errors are logged once, by id, where they happen (error-mapping.ts); pino-http's own Error
    // here would only be "failed with status code 500" and its stack.
    customErrorObject: (req, res, _error, value) => ({
      res: (value as { res?: unknown }).res ?? res,
      responseTime: (value as { responseTime?: number }).responseTime,
      ...requestFacts(req),
    }),
  });
  return (req: Req, res: ServerResponse, next: (error?: unknown) => void): void => {
    const started = process.hrtime.bigint();
    let observed = false;
    const observe = () => {
      if (observed) return;
      observed = true;
      const method = req.method && METHODS.has(req.method) ? req.method : 'other';
      metrics.httpDuration.observe({ route: routeOf(pathOf(req)), method, status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
    };
    res.once('finish', observe);
    res.once('close', observe);
    log(req, res, next);
  };
};

/** What the request log says about one WebSocket upgrade to /graphql (subscriptions/websocket-admission.ts). */
export interface WebSocketVisit {
  readonly correlationId: string;
  readonly path: string;
  readonly remoteAddress: string;
  /** 101 once upgraded; 429 or 503 when refused at the upgrade; undefined when the WebSocket library refused the handshake. */
  readonly statusCode: number | undefined;
  /** `closed`, or the reason the connection was refused or ended (`SUBSCRIPTION.TOO_MANY_CONNECTIONS`, `AUTH.TOKEN_EXPIRED`, …). */
  readonly outcome: string;
  /** From the upgrade to the socket's close (ms). */
  readonly durationMs: number;
  readonly subject?: string;
  readonly role?: string;
  readonly closeCode?: number;
  /** Subscriptions started over the connection's life. */
  readonly subscriptions: number;
}

/**
 * One line per WebSocket upgrade, written when its socket closes (at once for a refused upgrade), with the
 * same fields as an HTTP request's line. Never its headers: a client may carry a token in
 * Sec-WebSocket-Protocol, which no redaction path names, and the token itself arrives in connection_init.
 */
export const logWebSocketVisit = (root: Logger, visit: WebSocketVisit): void => {
  const status = visit.statusCode ?? 'handshake refused';
  const what =
    visit.statusCode === 101
      ? `websocket ${visit.outcome === 'closed' ? '' : `${visit.outcome} `}closed ${visit.closeCode ?? 'without a close code'} after ${visit.durationMs} ms, ${visit.subscriptions} subscription(s)`
      : `websocket refused ${visit.outcome} ${visit.durationMs} ms`;
  root.info(
    {
      // Shaped like an IncomingMessage for pino-http's `req` serializer (it reads the address from `socket`).
      req: { id: visit.correlationId, method: 'GET', url: visit.path, socket: { remoteAddress: visit.remoteAddress } },
      // pino-http's `res` serializer reads a status only from a response whose headers were sent.
      res: { statusCode: visit.statusCode ?? null, headersSent: true },
      responseTime: visit.durationMs,
      correlationId: visit.correlationId,
      ...(visit.subject ? { subject: visit.subject, role: visit.role } : {}),
      websocket: { outcome: visit.outcome, closeCode: visit.closeCode, subscriptions: visit.subscriptions },
    },
    `GET ${visit.path} ${status} ${what}`,
  );
};
