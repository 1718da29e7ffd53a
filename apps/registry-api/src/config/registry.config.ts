import { resolve } from 'node:path';
import { StoreConfig } from '@registry/event-store';

/**
 * Everything the registry reads from its environment, parsed once. Defaults give the embedded mode:
 * PGlite in ./.data/registry, a locally generated signing key, GraphQL on port 3000.
 */
export interface RegistryConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly store: StoreConfig;
  readonly auth: AuthConfig;
  /** Load the demo catalog when the log is empty (embedded default: yes). */
  readonly seedDemoCatalog: boolean;
  readonly logLevel: string;
}

export type AuthConfig =
  /** Embedded/dev: an ES256 key pair generated once in `<dataDir>/auth`; `npm run token` signs with it. */
  | { readonly kind: 'local'; readonly keyDir: string }
  | { readonly kind: 'public-key'; readonly publicKeyPem: string }
  | { readonly kind: 'jwks'; readonly jwksUrl: string };

export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');
export const TOKEN_ISSUER = 'hk-ai-registry';
export const TOKEN_AUDIENCE = 'hk-ai-registry';

const flag = (value: string | undefined, fallback: boolean) => (value === undefined ? fallback : ['1', 'true', 'yes'].includes(value.toLowerCase()));

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): RegistryConfig => {
  const dataDir = resolve(env.REGISTRY_DATA_DIR ?? '.data/registry');
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a TCP port, got ${env.PORT}`);
  const store: StoreConfig = env.DATABASE_URL
    ? { kind: 'postgres', url: env.DATABASE_URL, poolSize: Number(env.DATABASE_POOL_SIZE ?? 10) }
    : { kind: 'pglite', dataDir: env.REGISTRY_IN_MEMORY === '1' ? undefined : resolve(dataDir, 'pglite') };
  const auth: AuthConfig = env.AUTH_JWKS_URL
    ? { kind: 'jwks', jwksUrl: env.AUTH_JWKS_URL }
    : env.AUTH_PUBLIC_KEY
      ? { kind: 'public-key', publicKeyPem: env.AUTH_PUBLIC_KEY }
      : { kind: 'local', keyDir: resolve(env.AUTH_KEY_DIR ?? resolve(dataDir, 'auth')) };
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    store,
    auth,
    seedDemoCatalog: flag(env.REGISTRY_SEED_DEMO, store.kind === 'pglite'),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
};
