import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { SqlStoreConfig, StoreConfig } from '@registry/event-store';
import { AuthLimitsConfig, loadAuthLimits, parseDurationSeconds } from './auth-limits.config';
import { CredentialsConfig, loadCredentialsConfig } from './credentials.config';
import { loadQueryLimits, QueryLimitsConfig } from './query-limits.config';
import { loadTransparencyConfig, TransparencyConfig } from './transparency.config';
import { loadOperationsConfig, OperationsConfig } from '../operations/operations.config';
import { loadTracingConfig, TracingConfig } from '../tracing/tracing.config';
import { loadSandboxSecretConfig, SandboxSecretSource } from '../sandbox/sandbox-secret';
import { loadSubscriptionsConfig, SubscriptionsConfig } from '../subscriptions/subscriptions.config';

/**
 * Everything the registry reads from its environment, parsed and checked once at start-up. Defaults give the
 * embedded mode: PGlite in ./.data/registry, a locally generated signing key, GraphQL on port 3000. A bad
 * value stops the start with one line naming the variable and what it expects (`ConfigError`).
 */
export interface RegistryConfig {
  /**
   * Opened by an operator command (`registry rebuild`, `npm run demo:load`), not to serve: the store, the projections
   * and the command handlers run, and nothing else starts in the background. No readiness bring-up (which restores
   * or folds the verdict facts: 0.9 GB and most of a core for a minute at 1M events, beside the rebuild it slowed),
   * and no sandbox endpoint runs resumed (calls to firms' servers from a maintenance command). What the command
   * appends itself (`demo:load`'s catalog) still updates the read models and readiness rows as any append does.
   * Never from the environment.
   */
  readonly maintenance?: boolean;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly store: StoreConfig;
  readonly auth: AuthConfig;
  readonly authLimits: AuthLimitsConfig;
  readonly queryLimits: QueryLimitsConfig;
  /** The credential signing key(s) and issuer (credentials.config.ts). */
  readonly credentials: CredentialsConfig;
  /** The transparency log's signing key, origin and checkpoint interval (transparency.config.ts). */
  readonly transparency: TransparencyConfig;
  /** Load the demo catalog when the log is empty (embedded default: yes). */
  readonly seedDemoCatalog: boolean;
  readonly logLevel: LogLevel;
  readonly shutdown: ShutdownConfig;
  /** How long start-up keeps trying to reach PostgreSQL before it gives up (seconds). */
  readonly databaseConnectTimeoutSeconds: number;
  /** Health, metrics, logs, CORS and the development landing page (operations/operations.config.ts). */
  readonly operations: OperationsConfig;
  /** OpenTelemetry traces, off unless an exporter is configured (tracing/tracing.config.ts; started by tracing/tracing.ts). */
  readonly tracing: TracingConfig;
  /** Live subscriptions' caps and polling (subscriptions/subscriptions.config.ts). */
  readonly subscriptions: SubscriptionsConfig;
  /**
   * The sandbox may call firms' model endpoints only at public addresses (no loopback, private, link-local or
   * other reserved ranges: an endpoint is a request the registry makes on a firm's behalf). On only where the
   * firms' model servers are on a private network with the registry, and in tests (SANDBOX_ENDPOINT_ALLOW_PRIVATE).
   */
  readonly sandboxAllowPrivateEndpoints: boolean;
  /** Where the sandbox secret the suites' keys are derived from is kept (sandbox/sandbox-secret.ts). */
  readonly sandboxSecret: SandboxSecretSource;
  /** Runs a model version may request against one suite version (SANDBOX_MAX_RUNS_PER_VERSION, default 5): scores are an oracle. */
  readonly sandboxMaxRunsPerVersion: number;
  /** An upload whose body stalls this long (ms) is answered 408 (SANDBOX_UPLOAD_IDLE_TIMEOUT, seconds, default 10). */
  readonly sandboxUploadIdleTimeoutMs: number;
}

export interface ShutdownConfig {
  /** On SIGTERM, how long new requests are still answered 503 (so load balancers see "not ready") (seconds). */
  readonly drainSeconds: number;
  /** Upper bound from SIGTERM to exit: in-flight work that is not done by then is cut off (seconds). */
  readonly graceSeconds: number;
}

export type AuthConfig =
  /** Embedded/dev: an ES256 key pair generated once in `keyDir`; `npm run token` signs with it. */
  | { readonly kind: 'local'; readonly keyDir: string }
  | { readonly kind: 'public-key'; readonly publicKeyPem: string }
  | { readonly kind: 'jwks'; readonly jwksUrl: string };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');
export const TOKEN_ISSUER = 'hk-ai-registry';
export const TOKEN_AUDIENCE = 'hk-ai-registry';

/** A start-up configuration problem, reported as one line naming the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

const shown = (value: unknown) => JSON.stringify(typeof value === 'string' && value.length > 80 ? `${value.slice(0, 80)}…` : value);

const integer = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be a whole number from ${min} to ${max}`);

const flag = (name: string) =>
  z
    .string()
    .transform((v) => v.trim().toLowerCase())
    .refine((v) => ['1', '0', 'true', 'false', 'yes', 'no'].includes(v), `${name} must be one of 1, 0, true, false, yes, no`)
    .transform((v) => ['1', 'true', 'yes'].includes(v));

const seconds = (name: string, max: number) =>
  z.string().transform((raw, ctx) => {
    try {
      const value = parseDurationSeconds(name, raw);
      if (value <= max) return value;
      ctx.addIssue({ code: 'custom', message: `${name} must be at most ${max} s` });
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
    return z.NEVER;
  });

/** Which engine holds the log (default: PostgreSQL when DATABASE_URL is set, else embedded PGlite). */
const STORES = ['pglite', 'postgres', 'kurrentdb'] as const;
const KURRENTDB_PROTOCOLS = ['kurrentdb:', 'kurrentdb+discover:', 'kdb:', 'kdb+discover:', 'esdb:', 'esdb+discover:'];

/** The store variables that only make sense together: STORE=kurrentdb needs KURRENTDB_URL, STORE=postgres needs DATABASE_URL. */
const STORE_RULE = z
  .object({ STORE: z.enum(STORES).optional(), KURRENTDB_URL: z.string().optional(), DATABASE_URL: z.string().optional() })
  .refine((v) => v.STORE !== 'kurrentdb' || !!v.KURRENTDB_URL, {
    path: ['KURRENTDB_URL'],
    message: 'STORE=kurrentdb needs KURRENTDB_URL, the KurrentDB connection string (e.g. kurrentdb://127.0.0.1:2113?tls=false)',
  })
  .refine((v) => v.STORE !== 'postgres' || !!v.DATABASE_URL, { path: ['DATABASE_URL'], message: 'STORE=postgres needs DATABASE_URL' });

const ENV = z.object({
  PORT: integer('PORT', 0, 65535).optional(),
  HOST: z.string().min(1, 'HOST must name an interface such as 127.0.0.1 or 0.0.0.0').optional(),
  REGISTRY_DATA_DIR: z.string().min(1, 'REGISTRY_DATA_DIR must be a directory path').optional(),
  REGISTRY_IN_MEMORY: flag('REGISTRY_IN_MEMORY').optional(),
  REGISTRY_SEED_DEMO: flag('REGISTRY_SEED_DEMO').optional(),
  SANDBOX_ENDPOINT_ALLOW_PRIVATE: flag('SANDBOX_ENDPOINT_ALLOW_PRIVATE').optional(),
  SANDBOX_MAX_RUNS_PER_VERSION: integer('SANDBOX_MAX_RUNS_PER_VERSION', 1, 1000).optional(),
  SANDBOX_UPLOAD_IDLE_TIMEOUT: integer('SANDBOX_UPLOAD_IDLE_TIMEOUT', 1, 600).optional(),
  DATABASE_URL: z
    .string()
    .refine((v) => {
      try {
        return ['postgres:', 'postgresql:'].includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, 'DATABASE_URL must be a PostgreSQL URL such as postgresql://user@host:5432/registry')
    .optional(),
  DATABASE_POOL_SIZE: integer('DATABASE_POOL_SIZE', 1, 200).optional(),
  STORE: z.enum(STORES, { message: `STORE must be one of ${STORES.join(', ')}` }).optional(),
  KURRENTDB_URL: z
    .string()
    .refine((v) => {
      try {
        return KURRENTDB_PROTOCOLS.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, 'KURRENTDB_URL must be a KurrentDB connection string such as kurrentdb://127.0.0.1:2113?tls=false')
    .optional(),
  DATABASE_CONNECT_TIMEOUT: seconds('DATABASE_CONNECT_TIMEOUT', 3600).optional(),
  AUTH_JWKS_URL: z.string().url('AUTH_JWKS_URL must be an https URL of a JWKS document').optional(),
  AUTH_PUBLIC_KEY: z.string().includes('BEGIN PUBLIC KEY', { message: 'AUTH_PUBLIC_KEY must be a PEM public key (-----BEGIN PUBLIC KEY-----)' }).optional(),
  AUTH_KEY_DIR: z.string().min(1, 'AUTH_KEY_DIR must be a directory path').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  SHUTDOWN_DRAIN: seconds('SHUTDOWN_DRAIN', 600).optional(),
  SHUTDOWN_GRACE_PERIOD: seconds('SHUTDOWN_GRACE_PERIOD', 3600).optional(),
});

/** The environment's values after the schema, or a ConfigError naming the first variable that is wrong. */
const parseEnv = (env: NodeJS.ProcessEnv) => {
  // Empty values count as unset, as shells and compose files often pass them.
  const given = Object.fromEntries(Object.keys(ENV.shape).flatMap((k) => (env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]])));
  const parsed = ENV.safeParse(given);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const variable = String(issue.path[0]);
  throw new ConfigError(variable, `${issue.message}, got ${shown(given[variable])}`);
};

/** The sub-loaders throw plain errors that start with the variable's name. */
const fromLoader = <T>(load: () => T): T => {
  try {
    return load();
  } catch (error) {
    const message = (error as Error).message;
    throw new ConfigError(/^[A-Z_]+/.exec(message)?.[0] ?? 'environment', message);
  }
};

/**
 * A data directory the registry can use: created if missing, and written to once. Catches a path under
 * /proc, a read-only mount or a file in the way with a clear message, instead of a hang or a stack trace.
 */
const checkWritableDir = (variable: string, dir: string): void => {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    const probe = join(dir, `.write-check-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ConfigError(variable, `${variable} must be a directory this process can create and write (${dir}: ${code})`);
  }
};

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): RegistryConfig => {
  const e = parseEnv(env);
  const dataDir = resolve(e.REGISTRY_DATA_DIR ?? '.data/registry');
  const inMemory = e.REGISTRY_IN_MEMORY ?? false;
  const storeRule = STORE_RULE.safeParse(e);
  if (!storeRule.success) throw new ConfigError(String(storeRule.error.issues[0].path[0]), storeRule.error.issues[0].message);
  // Where the log lives; with STORE=kurrentdb this database holds the read models only.
  const sqlStore: SqlStoreConfig =
    e.DATABASE_URL && e.STORE !== 'pglite'
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE ?? 10 }
      : { kind: 'pglite', dataDir: inMemory ? undefined : resolve(dataDir, 'pglite') };
  const store: StoreConfig = e.STORE === 'kurrentdb' ? { kind: 'kurrentdb', url: e.KURRENTDB_URL!, readModels: sqlStore } : sqlStore;
  const auth: AuthConfig = e.AUTH_JWKS_URL
    ? { kind: 'jwks', jwksUrl: e.AUTH_JWKS_URL }
    : e.AUTH_PUBLIC_KEY
      ? { kind: 'public-key', publicKeyPem: e.AUTH_PUBLIC_KEY }
      : { kind: 'local', keyDir: resolve(e.AUTH_KEY_DIR ?? resolve(dataDir, 'auth')) };
  // Several instances share one PostgreSQL database; each would generate its own key in its own data
  // directory and refuse the others' tokens. They must be told which key verifies tokens.
  if (store.kind === 'postgres' && auth.kind === 'local' && !e.AUTH_KEY_DIR)
    throw new ConfigError(
      'AUTH_PUBLIC_KEY',
      'DATABASE_URL is set but no token verification key is configured: set AUTH_PUBLIC_KEY or AUTH_JWKS_URL, or AUTH_KEY_DIR to a key directory every instance shares',
    );
  if (sqlStore.kind === 'pglite' && sqlStore.dataDir) checkWritableDir('REGISTRY_DATA_DIR', dataDir);
  if (auth.kind === 'local') checkWritableDir(e.AUTH_KEY_DIR ? 'AUTH_KEY_DIR' : 'REGISTRY_DATA_DIR', auth.keyDir);
  const graceSeconds = e.SHUTDOWN_GRACE_PERIOD ?? 10;
  // The log and credential keys fall back to folders of the (shared) token key directory.
  const keyEnv = { ...env, ...(auth.kind === 'local' ? { AUTH_KEY_DIR: auth.keyDir } : {}) };
  return {
    port: e.PORT ?? 3000,
    host: e.HOST ?? '127.0.0.1',
    dataDir,
    store,
    auth,
    authLimits: fromLoader(() => loadAuthLimits(env)),
    queryLimits: fromLoader(() => loadQueryLimits(env)),
    transparency: fromLoader(() => loadTransparencyConfig(keyEnv, dataDir, store.kind === 'postgres')),
    credentials: fromLoader(() => loadCredentialsConfig(keyEnv, dataDir, store.kind === 'postgres')),
    seedDemoCatalog: e.REGISTRY_SEED_DEMO ?? store.kind === 'pglite',
    logLevel: e.LOG_LEVEL ?? 'info',
    shutdown: { drainSeconds: Math.min(e.SHUTDOWN_DRAIN ?? 1, graceSeconds), graceSeconds },
    databaseConnectTimeoutSeconds: e.DATABASE_CONNECT_TIMEOUT ?? 30,
    operations: fromLoader(() => loadOperationsConfig(env)),
    tracing: fromLoader(() => loadTracingConfig(env)),
    subscriptions: fromLoader(() => loadSubscriptionsConfig(env)),
    sandboxAllowPrivateEndpoints: e.SANDBOX_ENDPOINT_ALLOW_PRIVATE ?? false,
    sandboxMaxRunsPerVersion: e.SANDBOX_MAX_RUNS_PER_VERSION ?? 5,
    sandboxUploadIdleTimeoutMs: (e.SANDBOX_UPLOAD_IDLE_TIMEOUT ?? 10) * 1000,
    sandboxSecret: fromLoader(() => loadSandboxSecretConfig(keyEnv, dataDir, store.kind === 'postgres')),
  };
};
