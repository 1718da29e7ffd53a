import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The read models `registry rebuild` can rebuild: the names the registry's projections register with the runner.
 * Listed here so a mistyped name is refused before anything is opened (the names are instance fields of Nest
 * providers; reading them means starting the application on the store). test/e2e/cli-operations.e2e-spec.ts
 * fails when this list and a running registry's projections differ: a new projection is added here too.
 */
export const REBUILDABLE_PROJECTIONS = ['certifications', 'credential-status', 'firms', 'public-sector', 'sandbox-open-runs', 'transparency-tree'] as const;

const isOn = (value: string | undefined) => ['1', 'true', 'yes'].includes((value ?? '').trim().toLowerCase());

/**
 * The embedded store's directory the registry would open with this environment, or undefined when the log lives
 * elsewhere (PostgreSQL through DATABASE_URL, or KurrentDB). The same choice as loadConfig, which cannot be asked:
 * it creates the data directory as it checks it is writable, the very thing a mistyped REGISTRY_DATA_DIR must not do.
 */
const embeddedStore = (env: NodeJS.ProcessEnv): { dataDir: string; pglite: string } | 'in-memory' | undefined => {
  if (env.STORE === 'kurrentdb' || (env.DATABASE_URL && env.STORE !== 'pglite')) return undefined;
  if (isOn(env.REGISTRY_IN_MEMORY)) return 'in-memory';
  const dataDir = resolve(env.REGISTRY_DATA_DIR ?? '.data/registry');
  return { dataDir, pglite: join(dataDir, 'pglite') };
};

/**
 * Why `registry rebuild [name]` must not run, as one line, or undefined. Checked before the store is opened, so a
 * refusal creates nothing: an unknown name, an in-memory store, or an embedded data directory holding no store yet
 * (a PostgreSQL data directory has PG_VERSION from its first start); "rebuilding" there would create an empty store
 * and signing keys and report success.
 */
export const rebuildRefusal = (name: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined => {
  if (name !== undefined && !(REBUILDABLE_PROJECTIONS as readonly string[]).includes(name))
    return `no projection named ${name}; there are: ${REBUILDABLE_PROJECTIONS.join(', ')}`;
  const store = embeddedStore(env);
  if (store === 'in-memory') return 'REGISTRY_IN_MEMORY is set: an in-memory store has no log to rebuild from';
  if (store && !existsSync(join(store.pglite, 'PG_VERSION')))
    return `no registry store in ${store.dataDir} (REGISTRY_DATA_DIR${env.REGISTRY_DATA_DIR ? '' : ' unset, the default'}): nothing to rebuild; check the directory`;
  return undefined;
};
