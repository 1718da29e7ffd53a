/**
 * What live subscriptions may cost (README "Limits"). Read from the environment once at start, like the
 * credentials' settings, so the registry's core configuration does not change for them.
 */
export interface SubscriptionsConfig {
  /** Subscriptions one WebSocket connection may hold at once (SUBSCRIPTIONS_PER_CONNECTION). */
  readonly perConnection: number;
  /** Subscriptions this instance holds at once, over all connections (SUBSCRIPTIONS_MAX). */
  readonly total: number;
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

const positiveInt = (env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be a whole number from 1 to ${max}, got ${raw}`);
  return value;
};

export const loadSubscriptionsConfig = (env: NodeJS.ProcessEnv = process.env): SubscriptionsConfig => ({
  perConnection: positiveInt(env, 'SUBSCRIPTIONS_PER_CONNECTION', 20, 1000),
  total: positiveInt(env, 'SUBSCRIPTIONS_MAX', 2000, 1_000_000),
  pollIntervalMs: positiveInt(env, 'SUBSCRIPTIONS_POLL_INTERVAL_MS', 1000, 60_000),
  maxQueued: positiveInt(env, 'SUBSCRIPTIONS_MAX_QUEUED', 500, 100_000),
});
