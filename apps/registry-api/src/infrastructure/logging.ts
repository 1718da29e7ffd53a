import type { Params } from 'nestjs-pino';
import type { DestinationStream, LoggerOptions } from 'pino';
import pinoPretty from 'pino-pretty';
import type { RegistryConfig } from '../config/registry.config';

/** Restricted payload fields (see auth/visibility.ts), wherever a log object happens to carry them. */
const RESTRICTED_FIELDS = ['facility', 'custodian', 'filingReference', 'auditReportDigest'];

/**
 * Every line logged during a request carries the request (pino-http binds it), headers included, so the
 * caller's bearer token and cookies would be in every error line. Errors carry their own secrets: PGlite and
 * pg attach the statement's parameters (`params`), and PostgreSQL's `detail`/`where` quote row values.
 * pino has no recursive wildcard: the restricted fields are listed at the depths a logged object reaches.
 */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-auth-token"]',
  'res.headers["set-cookie"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  'authorization',
  'token',
  '*.token',
  ...['err', 'error'].flatMap((key) =>
    ['params', 'parameters', 'values', 'queryOptions', 'detail', 'where', 'internalQuery', 'variables'].map((field) => `${key}.${field}`),
  ),
  ...RESTRICTED_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`]),
];

interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
  remoteAddress?: string;
  remotePort?: number;
}

/**
 * The request as logged: without its query string (a GET /graphql carries the query and its variables
 * there) and without `query`/`params` (the same, parsed).
 */
const requestSerializer = (req: SerializedRequest): SerializedRequest => ({
  id: req.id,
  method: req.method,
  url: req.url?.split('?')[0],
  headers: req.headers,
  remoteAddress: req.remoteAddress,
  remotePort: req.remotePort,
});

/**
 * autoLogging stays off here: nestjs-pino's middleware runs after main.ts' own (drain, rate limit, body
 * parser), so it would miss the answers those give. The request line is written by
 * operations/request-log.ts, mounted first, through this same logger.
 */
export const loggerOptions = (level: string): LoggerOptions & { autoLogging: false } => ({
  level,
  autoLogging: false,
  redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
  serializers: { req: requestSerializer },
});

/**
 * nestjs-pino's parameters for the registry. `logDestination` on the config (tests) receives the log
 * instead of stdout, so a test can read everything the app logged.
 */
export const registryLoggerParams = (config: RegistryConfig & { logDestination?: DestinationStream }): Params => {
  const options = loggerOptions(config.logLevel);
  const destination = config.logDestination ?? (prettyLogs(config) ? prettyDestination() : undefined);
  // Mounted on '/' (Express `use`: every path, nothing decoded) rather than nestjs-pino's default wildcard, whose
  // parameter the router decodes first: a broken escape (`/models/%ZZ`) would fail there (web/web.module.ts).
  return { pinoHttp: destination ? [options, destination] : options, forRoutes: ['/'] };
};

/** JSON for machines (log shippers, tests, containers); readable lines when a person watches a terminal. */
const prettyLogs = (config: RegistryConfig): boolean =>
  config.operations.logFormat === 'pretty' ||
  (config.operations.logFormat === 'auto' && process.stdout.isTTY === true && process.env.JEST_WORKER_ID === undefined);

/**
 * In-process and synchronous (not a pino transport's worker thread), so the last lines before an exit are
 * not lost. The request line's message already says method, path, status, operation and duration.
 */
const prettyDestination = (): DestinationStream =>
  pinoPretty({ colorize: process.stdout.isTTY === true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,req,res,responseTime' });
