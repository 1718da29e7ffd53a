/**
 * What a span may carry, as pure functions (tracing.sdk.ts applies them; tracing.spans.spec.ts tests them).
 * Loaded only when tracing is on. Nothing here imports the SDK: the shapes used are the SDK's own fields.
 *
 * A span leaves the process without the caller's secrets or the registry's restricted data:
 * - URLs (`url.full`, `url.query`): no user part, and every query value replaced. A GET /graphql carries the
 *   query and its variables in the query string; a firm's endpoint URL may carry a key.
 * - headers are never recorded (the http instrumentation records none unless told to, and is told none); any
 *   `http.request.header.*` / `http.response.header.*` attribute is dropped all the same.
 * - GraphQL variables are never recorded (`allowValues: false`, and any `graphql.variables.*` is dropped), and
 *   literal values in `graphql.source` are masked by the instrumentation. A failed validation's messages quote
 *   the document's values, so its exception event keeps only how many errors there were.
 */

export const REDACTED = 'REDACTED';

type AttributeValue = string | number | boolean | (string | null | undefined)[] | (number | null | undefined)[] | (boolean | null | undefined)[];
export type SpanAttributes = Record<string, AttributeValue | undefined>;
export interface SpanEventLike {
  readonly name: string;
  readonly attributes?: SpanAttributes;
  readonly time: unknown;
  readonly droppedAttributesCount?: number;
}

/** The routes the registry serves, as templates: a server span is named `METHOD template` (low cardinality). */
const ROUTES: readonly [RegExp, string][] = [
  [/^\/graphql$/, '/graphql'],
  [/^\/$/, '/'],
  [/^\/metrics$/, '/metrics'],
  [/^\/health\/(live|ready)$/, '/health/$1'],
  [/^\/\.well-known\/(jwks\.json|jwt-vc-issuer)$/, '/.well-known/$1'],
  [/^\/status\/[^/]+\/[^/]+$/, '/status/:purpose/:list'],
  [/^\/log\/(checkpoint|verifier-key)$/, '/log/$1'],
  [/^\/log\/tile\/.+$/, '/log/tile/*path'],
  [/^\/public-sector\/(baseline\.csv|baseline\.json)$/, '/public-sector/$1'],
  [/^\/sandbox\/runs\/[^/]+\/predictions$/, '/sandbox/runs/:runId/predictions'],
  [/^\/sandbox\/suites\/[^/]+\/versions\/[^/]+\/features\.csv$/, '/sandbox/suites/:suiteId/versions/:version/features.csv'],
];

/** The route template of a request path (without its query), or undefined for anything else (the web pages). */
export const routeOf = (path: string): string | undefined => {
  for (const [pattern, template] of ROUTES) if (pattern.test(path)) return path.replace(pattern, template);
  return undefined;
};

/** `a=1&b=secret` → `a=REDACTED&b=REDACTED`: which parameters were sent, never their values. */
export const redactQuery = (query: string): string =>
  query
    .replace(/^\?/, '')
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]}=${REDACTED}`)
    .join('&');

/** A URL without its user part, its fragment or any query value; something that does not parse is dropped whole. */
export const redactUrl = (raw: string): string => {
  try {
    const url = new URL(raw);
    const query = url.search ? `?${redactQuery(url.search)}` : '';
    return `${url.protocol}//${url.host}${url.pathname}${query}`;
  } catch {
    return REDACTED;
  }
};

const DROPPED = /^(http\.(request|response)\.header\.|graphql\.variables\.)/;

/** The attributes as they may leave the process, or the same object when nothing had to change. */
export const redactAttributes = <T extends SpanAttributes>(attributes: T): T => {
  let out: SpanAttributes | undefined;
  const change = (key: string, value: AttributeValue | undefined) => {
    out ??= { ...attributes };
    if (value === undefined) delete out[key];
    else out[key] = value;
  };
  for (const [key, value] of Object.entries(attributes)) {
    if (DROPPED.test(key)) change(key, undefined);
    else if (typeof value === 'string' && (key === 'url.full' || key === 'http.url')) {
      const redacted = redactUrl(value);
      if (redacted !== value) change(key, redacted);
    } else if (typeof value === 'string' && key === 'url.query') {
      const redacted = redactQuery(value);
      if (redacted !== value) change(key, redacted);
    } else if (typeof value === 'string' && key === 'http.target' && value.includes('?')) {
      // The older conventions' path-and-query.
      const [path, ...query] = value.split('?');
      change(key, `${path}?${redactQuery(query.join('?'))}`);
    }
  }
  return (out ?? attributes) as T;
};

/** The graphql instrumentation's failed-validation event (its message is every error, values quoted). */
const VALIDATION_ERROR = 'graphql.validation.error';

/** Events as they may leave the process (the same array when nothing had to change). */
export const redactEvents = <E extends SpanEventLike>(events: readonly E[]): readonly E[] => {
  let changed = false;
  const out = events.map((event) => {
    let attributes = event.attributes ? redactAttributes(event.attributes) : undefined;
    if (event.name === 'exception' && attributes?.['exception.type'] === VALIDATION_ERROR) {
      attributes = { ...attributes, 'exception.message': validationSummary(attributes['exception.message']) };
      delete attributes['exception.stacktrace'];
    }
    if (attributes === event.attributes) return event;
    changed = true;
    return { ...event, attributes };
  });
  return changed ? out : events;
};

const validationSummary = (message: AttributeValue | undefined): string => {
  try {
    const errors: unknown = JSON.parse(String(message));
    if (Array.isArray(errors)) return `${errors.length} validation error(s)`;
  } catch {
    // Not the instrumentation's JSON list: say nothing more specific.
  }
  return 'validation failed';
};

/**
 * What a failed export may say in the log: a code, never the error's message or the collector's answer
 * (OTLPExporterError carries the response body; a message may quote the URL, and the URL or headers may hold the
 * collector's credentials).
 */
export const exportErrorCode = (error: unknown): string => {
  if (typeof error !== 'object' || error === null) return 'UNKNOWN';
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === 'number' && Number.isInteger(code)) return `HTTP_${code}`;
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,31}$/.test(code)) return code;
  const known: Record<string, string> = {
    'Request timed out': 'TIMEOUT',
    'Export failed with retryable status': 'RETRYABLE_STATUS',
    'Concurrent export limit reached': 'QUEUE_FULL',
    Timeout: 'TIMEOUT',
  };
  if (typeof message === 'string' && known[message]) return known[message];
  return cause === undefined ? 'UNKNOWN' : exportErrorCode(cause);
};
