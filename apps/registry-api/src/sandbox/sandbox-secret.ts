import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { SANDBOX_SECRET_BYTES } from '@registry/sandbox';

/**
 * The sandbox secret: 256 bits the registry holds outside the log, from which it derives each suite version's key
 * (generator version 2, `deriveSuiteKey`). Whoever holds it can regenerate every row of every keyed suite, labels
 * and protected attributes included, so it is kept like a signing key: never in an event, a log line or an answer.
 *
 * Where it comes from, as the log and credential keys:
 * - SANDBOX_SECRET: 64 hex digits, or the path of a file holding them;
 * - else a file `sandbox-secret.key` (64 hex digits, mode 0600) generated at the first start in SANDBOX_KEY_DIR,
 *   else (embedded) `<data dir>/keys`, else (PostgreSQL) the `sandbox` folder of AUTH_KEY_DIR. On PostgreSQL every
 *   instance must generate the same rows, so without any of these the start is refused.
 * Losing it loses the ability to regenerate the keyed suites: their uploads can no longer be scored, their features
 * no longer served. Back it up with the other keys.
 */
export type SandboxSecretSource = { readonly kind: 'local'; readonly keyDir: string } | { readonly kind: 'given'; readonly hex: string; readonly from: string };

export const SANDBOX_SECRET_FILE = 'sandbox-secret.key';
const HEX = /^[0-9a-fA-F]{64}$/;

const hexOrFile = (value: string): { hex: string; from: string } => {
  if (HEX.test(value)) return { hex: value.toLowerCase(), from: 'SANDBOX_SECRET' };
  const path = resolve(value);
  // The value is not echoed: a mistyped secret must not end up in a log line.
  if (!existsSync(path)) throw new Error('SANDBOX_SECRET must be 64 hex digits (256 bits) or the path of an existing file holding them');
  const text = readFileSync(path, 'utf8').trim();
  if (!HEX.test(text)) throw new Error(`SANDBOX_SECRET names ${path}, which does not hold 64 hex digits (256 bits)`);
  return { hex: text.toLowerCase(), from: path };
};

/**
 * Reads SANDBOX_SECRET and SANDBOX_KEY_DIR. Errors start with the variable's name (RegistryConfig's loader turns
 * them into one-line ConfigErrors). `env` carries AUTH_KEY_DIR when the registry keeps its own token keys.
 */
export const loadSandboxSecretConfig = (env: NodeJS.ProcessEnv, dataDir: string, sharedDatabase: boolean): SandboxSecretSource => {
  const given = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const value = given('SANDBOX_SECRET');
  if (value) return { kind: 'given', ...hexOrFile(value.trim()) };
  const sharedAuthDir = given('AUTH_KEY_DIR');
  const keyDir = given('SANDBOX_KEY_DIR') ?? (sharedDatabase && sharedAuthDir ? resolve(sharedAuthDir, 'sandbox') : undefined);
  if (sharedDatabase && !keyDir)
    throw new Error(
      'SANDBOX_SECRET must be set when DATABASE_URL is (every instance must generate the same sandbox suites), or SANDBOX_KEY_DIR to a key directory every instance shares',
    );
  return { kind: 'local', keyDir: resolve(keyDir ?? resolve(dataDir, 'keys')) };
};

/** The secret's 32 bytes: the given value, or the local file (generated at the first start, never overwritten). */
export const readSandboxSecret = (source: SandboxSecretSource): Buffer => {
  if (source.kind === 'given') return Buffer.from(source.hex, 'hex');
  const path = join(source.keyDir, SANDBOX_SECRET_FILE);
  if (!existsSync(path)) {
    mkdirSync(source.keyDir, { recursive: true });
    // 'wx': two processes racing on a fresh directory must not overwrite each other's secret.
    try {
      writeFileSync(path, `${randomBytes(SANDBOX_SECRET_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    chmodSync(path, 0o600);
  }
  const text = readFileSync(path, 'utf8').trim();
  if (!HEX.test(text)) throw new Error(`SANDBOX_KEY_DIR: ${path} does not hold 64 hex digits (256 bits)`);
  return Buffer.from(text, 'hex');
};
