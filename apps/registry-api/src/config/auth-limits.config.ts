/**
 * How long a bearer token may live and how far the issuer's clock may be ahead of ours. Kept apart from
 * registry.config.ts so the two can change independently; RegistryConfig carries it as `authLimits`.
 */
export interface AuthLimitsConfig {
  /**
   * Longest accepted lifetime (exp - iat), in seconds (AUTH_MAX_TOKEN_LIFETIME, default 24 h). A stolen
   * token is only useful until it expires, so a token that never expires, or in a century, is refused.
   */
  readonly maxTokenLifetimeSeconds: number;
  /**
   * Clock skew tolerated on exp, nbf and iat, in seconds (AUTH_CLOCK_SKEW, default 30 s): enough for hosts
   * kept in sync by NTP, too little for a token dated in the future to be of use.
   */
  readonly clockSkewSeconds: number;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const DURATION = /^(\d+)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)?$/i;

/** `3600`, `3600s`, `90m`, `24h`, `7d` → seconds. */
export const parseDurationSeconds = (name: string, raw: string): number => {
  const match = DURATION.exec(raw.trim());
  if (!match) throw new Error(`${name} must be a number of seconds or a duration such as 90m, 24h or 7d, got ${raw}`);
  return Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's')[0].toLowerCase()];
};

const duration = (env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = parseDurationSeconds(name, raw);
  if (value < min) throw new Error(`${name} must be at least ${min} s, got ${raw}`);
  return value;
};

export const loadAuthLimits = (env: NodeJS.ProcessEnv = process.env): AuthLimitsConfig => ({
  maxTokenLifetimeSeconds: duration(env, 'AUTH_MAX_TOKEN_LIFETIME', 24 * 3600, 1),
  clockSkewSeconds: duration(env, 'AUTH_CLOCK_SKEW', 30, 0),
});
