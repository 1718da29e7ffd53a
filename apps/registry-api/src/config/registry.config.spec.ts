import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './registry.config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'registry-config-'));

const refusal = (env: NodeJS.ProcessEnv): ConfigError => {
  try {
    loadConfig({ REGISTRY_DATA_DIR: dataDir(), ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('accepted');
};

describe('configuration', () => {
  it('gives the embedded defaults', () => {
    const config = loadConfig({ REGISTRY_DATA_DIR: dataDir() });
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      store: { kind: 'pglite' },
      auth: { kind: 'local' },
      seedDemoCatalog: true,
      logLevel: 'info',
    });
    expect(config.shutdown).toEqual({ drainSeconds: 1, graceSeconds: 10 });
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number from 0 to 65535, got "abc"/],
    ['PORT', '70000', /PORT must be a whole number/],
    ['PORT', '-1', /PORT must be a whole number/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
    ['DATABASE_URL', 'mysql://db/x', /DATABASE_URL must be a PostgreSQL URL/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL must be a PostgreSQL URL/],
    ['DATABASE_POOL_SIZE', '0', /DATABASE_POOL_SIZE must be a whole number from 1 to 200/],
    ['REGISTRY_SEED_DEMO', 'maybe', /REGISTRY_SEED_DEMO must be one of 1, 0, true, false, yes, no/],
    ['AUTH_PUBLIC_KEY', 'not a pem', /AUTH_PUBLIC_KEY must be a PEM public key/],
    ['AUTH_JWKS_URL', 'nope', /AUTH_JWKS_URL must be an https URL/],
    ['SHUTDOWN_GRACE_PERIOD', 'soon', /SHUTDOWN_GRACE_PERIOD must be a number of seconds or a duration/],
    ['GRAPHQL_MAX_DEPTH', 'deep', /GRAPHQL_MAX_DEPTH/],
    ['AUTH_MAX_TOKEN_LIFETIME', 'forever', /AUTH_MAX_TOKEN_LIFETIME/],
    ['SANDBOX_MAX_RUNS_PER_VERSION', '0', /SANDBOX_MAX_RUNS_PER_VERSION must be a whole number from 1 to 1000/],
    ['SANDBOX_MAX_RUNS_PER_VERSION', '5.5', /SANDBOX_MAX_RUNS_PER_VERSION must be a whole number from 1 to 1000/],
    ['SANDBOX_UPLOAD_IDLE_TIMEOUT', '0', /SANDBOX_UPLOAD_IDLE_TIMEOUT must be a whole number from 1 to 600/],
    ['SANDBOX_UPLOAD_IDLE_TIMEOUT', '10s', /SANDBOX_UPLOAD_IDLE_TIMEOUT must be a whole number from 1 to 600/],
  ])('refuses %s=%s in one line naming the variable', (variable, value, message) => {
    const error = refusal({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('refuses a data directory it cannot write (under /proc, or a file in the way) instead of hanging', () => {
    expect(refusal({ REGISTRY_DATA_DIR: '/proc/self' })).toMatchObject({ variable: 'REGISTRY_DATA_DIR' });
    const file = join(dataDir(), 'a-file');
    writeFileSync(file, '');
    expect(refusal({ REGISTRY_DATA_DIR: file }).message).toMatch(/REGISTRY_DATA_DIR must be a directory this process can create and write/);
  });

  it('refuses PostgreSQL without a verification key every instance shares, and accepts one', () => {
    expect(refusal({ DATABASE_URL: 'postgresql://u@h:5432/db' }).message).toMatch(/set AUTH_PUBLIC_KEY or AUTH_JWKS_URL, or AUTH_KEY_DIR/);
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h:5432/db', AUTH_KEY_DIR: dataDir() }).store.kind).toBe('postgres');
    expect(
      loadConfig({
        DATABASE_URL: 'postgresql://u@h:5432/db',
        AUTH_JWKS_URL: 'https://issuer.example/jwks.json',
        CREDENTIAL_KEY_DIR: dataDir(),
        LOG_KEY_DIR: dataDir(),
        SANDBOX_KEY_DIR: dataDir(),
      }).auth.kind,
    ).toBe('jwks');
    // So must the sandbox secret (every instance generates the same suites), and a given one is never echoed.
    const external = {
      DATABASE_URL: 'postgresql://u@h:5432/db',
      AUTH_JWKS_URL: 'https://issuer.example/jwks.json',
      CREDENTIAL_KEY_DIR: dataDir(),
      LOG_KEY_DIR: dataDir(),
    };
    expect(refusal(external).variable).toBe('SANDBOX_SECRET');
    expect(refusal({ ...external, SANDBOX_SECRET: 'ab'.repeat(31) }).message).not.toContain('ab'.repeat(31));
    expect(loadConfig({ ...external, SANDBOX_SECRET: 'AB'.repeat(32) }).sandboxSecret).toEqual({ kind: 'given', hex: 'ab'.repeat(32), from: 'SANDBOX_SECRET' });
    const auth = dataDir();
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h:5432/db', AUTH_KEY_DIR: auth }).sandboxSecret).toEqual({
      kind: 'local',
      keyDir: join(auth, 'sandbox'),
    });
    // The credential key must be shared too: with tokens from an external issuer there is no shared key folder to fall back on.
    expect(refusal({ DATABASE_URL: 'postgresql://u@h:5432/db', AUTH_JWKS_URL: 'https://issuer.example/jwks.json', LOG_KEY_DIR: dataDir() }).variable).toBe(
      'CREDENTIAL_SIGNING_KEY',
    );
    expect(
      refusal({ DATABASE_URL: 'postgresql://u@h:5432/db', AUTH_JWKS_URL: 'https://issuer.example/jwks.json', CREDENTIAL_KEY_DIR: dataDir() }).variable,
    ).toBe('LOG_SIGNING_KEY');
  });

  it('reads empty values as unset', () => expect(loadConfig({ REGISTRY_DATA_DIR: dataDir(), PORT: '', LOG_LEVEL: '' }).port).toBe(3000));
});
