/**
 * How much one GraphQL request may ask of the registry, and how many requests one client may send. Read from
 * the environment once, like the rest of the configuration (see README "Limits"). Kept apart from
 * registry.config.ts so the two can change independently; RegistryConfig carries it as `queryLimits`.
 */
export interface QueryLimitsConfig {
  /** Deepest selection nesting (GRAPHQL_MAX_DEPTH). */
  readonly maxDepth: number;
  /** Aliased fields per operation, `__typename` excepted (GRAPHQL_MAX_ALIASES). */
  readonly maxAliases: number;
  /** Lexical tokens per document, checked before parsing (GRAPHQL_MAX_TOKENS). */
  readonly maxTokens: number;
  /**
   * Field selections per document, fragments counted where they are spread (GRAPHQL_MAX_FIELDS). Checked
   * before GraphQL's own validation, whose overlapping-fields rule is quadratic in repeated fields.
   */
  readonly maxFields: number;
  /** Directives per operation (GRAPHQL_MAX_DIRECTIVES). */
  readonly maxDirectives: number;
  /** Estimated cost per operation, see graphql/cost-limits.ts (GRAPHQL_MAX_COST). */
  readonly maxCost: number;
  /** Who may introspect the schema and see "did you mean" suggestions (GRAPHQL_INTROSPECTION). */
  readonly introspection: IntrospectionPolicy;
  readonly rateLimit: RateLimitConfig;
}

/** `anonymous`: everyone; `authenticated`: callers with a valid bearer token; `off`: nobody. */
export type IntrospectionPolicy = 'anonymous' | 'authenticated' | 'off';

export interface RateLimitConfig {
  /** RATE_LIMIT_ENABLED (default on). */
  readonly enabled: boolean;
  /** The window the limits below are counted over, in seconds (RATE_LIMIT_WINDOW_SECONDS). */
  readonly windowSeconds: number;
  /** Requests per window from one IP address without a token (RATE_LIMIT_ANONYMOUS). */
  readonly anonymousPerIp: number;
  /** Requests per window for one token subject, from any address (RATE_LIMIT_AUTHENTICATED). */
  readonly authenticatedPerSubject: number;
  /**
   * How many seconds' worth of requests a client may send at once (RATE_LIMIT_BURST_SECONDS, default 10):
   * the bucket holds limit × burst / window requests. A whole window's worth at once (the old default) let
   * one address flood 1,200 refused-but-parsed attack documents before the limit bit.
   */
  readonly burstSeconds: number;
}

const positiveInt = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
};

const POLICIES: readonly IntrospectionPolicy[] = ['anonymous', 'authenticated', 'off'];

export const loadQueryLimits = (env: NodeJS.ProcessEnv = process.env): QueryLimitsConfig => {
  const introspection = (env.GRAPHQL_INTROSPECTION ?? (env.NODE_ENV === 'production' ? 'authenticated' : 'anonymous')) as IntrospectionPolicy;
  if (!POLICIES.includes(introspection)) throw new Error(`GRAPHQL_INTROSPECTION must be one of ${POLICIES.join(', ')}, got ${env.GRAPHQL_INTROSPECTION}`);
  const enabled = env.RATE_LIMIT_ENABLED === undefined ? true : ['1', 'true', 'yes'].includes(env.RATE_LIMIT_ENABLED.toLowerCase());
  return {
    // The deepest legitimate query (a version's certification's certifier's history's actor) is 7 levels.
    maxDepth: positiveInt(env, 'GRAPHQL_MAX_DEPTH', 10),
    maxAliases: positiveInt(env, 'GRAPHQL_MAX_ALIASES', 30),
    // The README's largest mutation is about 150 tokens; 2,000 leaves room for generous selections.
    maxTokens: positiveInt(env, 'GRAPHQL_MAX_TOKENS', 2000),
    // The largest README/e2e query selects 39 fields; 200 repeated fields validate in ~5 ms, 1,000 in ~300.
    maxFields: positiveInt(env, 'GRAPHQL_MAX_FIELDS', 200),
    maxDirectives: positiveInt(env, 'GRAPHQL_MAX_DIRECTIVES', 20),
    maxCost: positiveInt(env, 'GRAPHQL_MAX_COST', 5000),
    introspection,
    rateLimit: {
      enabled,
      windowSeconds: positiveInt(env, 'RATE_LIMIT_WINDOW_SECONDS', 60),
      anonymousPerIp: positiveInt(env, 'RATE_LIMIT_ANONYMOUS', 1200),
      authenticatedPerSubject: positiveInt(env, 'RATE_LIMIT_AUTHENTICATED', 2400),
      burstSeconds: positiveInt(env, 'RATE_LIMIT_BURST_SECONDS', 10),
    },
  };
};
