/**
 * What an operator tunes about health, metrics, logs and the HTTP surface. Read once at start with the rest
 * of the configuration (registry.config.ts turns an error into one line naming the variable).
 */
export interface OperationsConfig {
  /** NODE_ENV is not `production`: Apollo Sandbox on GET /graphql. */
  readonly development: boolean;
  /** Origins allowed to call the registry from a browser (CORS_ORIGINS); `none` sends no CORS headers at all. */
  readonly cors: { readonly kind: 'none' } | { readonly kind: 'any' } | { readonly kind: 'list'; readonly origins: readonly string[] };
  /** /health/ready fails when a projection is further behind the log head than this (HEALTH_MAX_PROJECTION_LAG). */
  readonly maxProjectionLag: { readonly unit: 'events'; readonly value: number } | { readonly unit: 'seconds'; readonly value: number };
  /** Log lines for people (pino-pretty) or for machines (JSON) (LOG_FORMAT; `auto`: pretty only on a terminal). */
  readonly logFormat: 'auto' | 'json' | 'pretty';
}

const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;
const LAG = /^(\d+(?:\.\d+)?)\s*(events?|ms|s|m)?$/;

const given = (env: NodeJS.ProcessEnv, name: string) => (env[name] === undefined || env[name]!.trim() === '' ? undefined : env[name]!.trim());

/** Errors start with the variable's name, which is how the registry's loader names the culprit. */
export const loadOperationsConfig = (env: NodeJS.ProcessEnv): OperationsConfig => {
  const corsText = given(env, 'CORS_ORIGINS');
  let cors: OperationsConfig['cors'] = { kind: 'none' };
  if (corsText === '*') cors = { kind: 'any' };
  else if (corsText) {
    const origins = corsText
      .split(',')
      .map((o) => o.trim().replace(/\/$/, ''))
      .filter(Boolean);
    const bad = origins.find((o) => !ORIGIN.test(o));
    if (bad !== undefined || !origins.length)
      throw new Error(
        `CORS_ORIGINS must be * or a comma-separated list of origins such as https://registry.example.hk,http://localhost:5173 (scheme, host, optional port; no path), got ${JSON.stringify(bad ?? corsText)}`,
      );
    cors = { kind: 'list', origins };
  }

  const lagText = given(env, 'HEALTH_MAX_PROJECTION_LAG') ?? '30s';
  const m = LAG.exec(lagText);
  const amount = m ? Number(m[1]) : Number.NaN;
  const unit = m?.[2] ?? 'events';
  let maxProjectionLag: OperationsConfig['maxProjectionLag'];
  if (unit.startsWith('event')) {
    if (!(Number.isInteger(amount) && amount >= 1)) throw lagError(lagText);
    maxProjectionLag = { unit: 'events', value: amount };
  } else {
    const seconds = amount * { ms: 0.001, s: 1, m: 60 }[unit as 'ms' | 's' | 'm'];
    if (!(seconds >= 0.1 && seconds <= 86_400)) throw lagError(lagText);
    maxProjectionLag = { unit: 'seconds', value: seconds };
  }

  const logFormat = (given(env, 'LOG_FORMAT') ?? 'auto') as OperationsConfig['logFormat'];
  if (!['auto', 'json', 'pretty'].includes(logFormat)) throw new Error(`LOG_FORMAT must be auto, json or pretty, got ${JSON.stringify(logFormat)}`);

  return { development: env.NODE_ENV !== 'production', cors, maxProjectionLag, logFormat };
};

const lagError = (text: string) =>
  new Error(`HEALTH_MAX_PROJECTION_LAG must be a number of events (e.g. 1000) or a duration from 100ms to 24h (e.g. 30s, 2m), got ${JSON.stringify(text)}`);
