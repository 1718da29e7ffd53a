import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './registry.config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'registry-store-config-'));
const load = (env: NodeJS.ProcessEnv) => loadConfig({ REGISTRY_DATA_DIR: dataDir(), ...env });
const refusal = (env: NodeJS.ProcessEnv): ConfigError => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('accepted');
};

describe('store selection (STORE, KURRENTDB_URL)', () => {
  it('selects KurrentDB with its URL, read models in PGlite by default or in PostgreSQL with DATABASE_URL', () => {
    expect(load({ STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://127.0.0.1:2113?tls=false' }).store).toMatchObject({
      kind: 'kurrentdb',
      url: 'kurrentdb://127.0.0.1:2113?tls=false',
      readModels: { kind: 'pglite' },
    });
    expect(
      load({ STORE: 'kurrentdb', KURRENTDB_URL: 'esdb+discover://cluster.example:2113', DATABASE_URL: 'postgresql://u@db/read', AUTH_KEY_DIR: dataDir() })
        .store,
    ).toMatchObject({ kind: 'kurrentdb', readModels: { kind: 'postgres', url: 'postgresql://u@db/read' } });
  });

  it('keeps the defaults when STORE is unset: PGlite, or PostgreSQL with DATABASE_URL', () => {
    expect(load({}).store.kind).toBe('pglite');
    expect(load({ DATABASE_URL: 'postgresql://u@db/x', AUTH_KEY_DIR: dataDir() }).store.kind).toBe('postgres');
    expect(load({ STORE: 'pglite', DATABASE_URL: 'postgresql://u@db/x', AUTH_KEY_DIR: dataDir() }).store.kind).toBe('pglite');
  });

  it('refuses STORE=kurrentdb without KURRENTDB_URL in one line naming the variable', () => {
    const error = refusal({ STORE: 'kurrentdb' });
    expect(error.variable).toBe('KURRENTDB_URL');
    expect(error.message).toBe('STORE=kurrentdb needs KURRENTDB_URL, the KurrentDB connection string (e.g. kurrentdb://127.0.0.1:2113?tls=false)');
    expect(error.message).not.toContain('\n');
  });

  it.each([
    [{ STORE: 'mongodb' }, 'STORE', /STORE must be one of pglite, postgres, kurrentdb, got "mongodb"/],
    [{ STORE: 'kurrentdb', KURRENTDB_URL: 'http://127.0.0.1:2113' }, 'KURRENTDB_URL', /KURRENTDB_URL must be a KurrentDB connection string/],
    [{ STORE: 'kurrentdb', KURRENTDB_URL: 'not a url' }, 'KURRENTDB_URL', /KURRENTDB_URL must be a KurrentDB connection string/],
    [{ STORE: 'postgres' }, 'DATABASE_URL', /STORE=postgres needs DATABASE_URL/],
  ])('refuses %j', (env, variable, message) => {
    const error = refusal(env as NodeJS.ProcessEnv);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
  });
});
