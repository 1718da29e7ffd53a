/**
 * What live subscriptions may cost (README "Limits"). Read with the rest of the configuration at start
 * (registry.config.ts carries it as `subscriptions`), so a wrong value stops the start with one line naming it.
 */
export interface SubscriptionsConfig {
  /** Subscriptions one WebSocket connection may hold at once (SUBSCRIPTIONS_PER_CONNECTION). */
  readonly perConnection: number;
  /** Subscriptions this instance holds at once, over all connections (SUBSCRIPTIONS_MAX). */
  readonly total: number;
  /**
   * Subscriptions one client may hold at once over all its connections (SUBSCRIPTIONS_PER_CLIENT): a client is
   * a token subject, or an IP address for connections without a token. At most SUBSCRIPTIONS_MAX, so one client
   * cannot take every slot of an instance.
   */
  readonly perClient: number;
  /**
   * WebSocket connections one client may hold open (SUBSCRIPTIONS_CONNECTIONS_PER_CLIENT): per IP address for
   * connections without a token or not yet initialised (decided at the upgrade, HTTP 429), per token subject once
   * `connection_init` has verified one (close code 1013).
   */
  readonly connectionsPerClient: number;
  /**
   * How often the log is read when nothing announced an append (SUBSCRIPTIONS_POLL_INTERVAL_MS). The safety net
   * under LISTEN/NOTIFY: a commit that became visible without a notification (an older transaction that held
   * it back ended) or a notification lost while the listening connection was down.
   */
  readonly pollIntervalMs: number;
  /** Notifications queued for a client that does not read them before its subscription is ended (SUBSCRIPTIONS_MAX_QUEUED). */
  readonly maxQueued: number;
}

export const SUBSCRIPTIONS_CONFIG = Symbol('SUBSCRIPTIONS_CONFIG');

/** Errors start with the variable's name, which is how the registry's loader names the culprit. */
const positiveInt = (env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number => {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(raw)}`);
  return value;
};

export const loadSubscriptionsConfig = (env: NodeJS.ProcessEnv = process.env): SubscriptionsConfig => {
  const total = positiveInt(env, 'SUBSCRIPTIONS_MAX', 2000, 1_000_000);
  const perClient = positiveInt(env, 'SUBSCRIPTIONS_PER_CLIENT', Math.min(100, total), 1_000_000);
  if (perClient > total) throw new Error(`SUBSCRIPTIONS_PER_CLIENT must be at most SUBSCRIPTIONS_MAX (${total}), got ${perClient}`);
  return {
    perConnection: positiveInt(env, 'SUBSCRIPTIONS_PER_CONNECTION', 20, 1000),
    total,
    perClient,
    connectionsPerClient: positiveInt(env, 'SUBSCRIPTIONS_CONNECTIONS_PER_CLIENT', 10, 100_000),
    pollIntervalMs: positiveInt(env, 'SUBSCRIPTIONS_POLL_INTERVAL_MS', 1000, 60_000),
    maxQueued: positiveInt(env, 'SUBSCRIPTIONS_MAX_QUEUED', 500, 100_000),
  };
};
