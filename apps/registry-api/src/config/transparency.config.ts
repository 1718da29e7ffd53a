import { localKeyDir } from './key-dir';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isValidKeyName, parseVerifierKey } from '@registry/transparency';

/**
 * Where the transparency log's Ed25519 signing key comes from. The checkpoints are C2SP signed notes made
 * with it; its verifier key (and retired ones) are published at /log/verifier-key.
 */
export type LogSigningKeySource =
  /** Embedded default only: generated once into `keyDir` (mode 0600), kept across restarts. */
  | { readonly kind: 'local'; readonly keyDir: string }
  /**
   * Given in LOG_SIGNING_KEY, inline or as the path of a file holding it: a PKCS#8 PEM Ed25519 private key,
   * a C2SP/sumdb signer key (`PRIVATE+KEY+<name>+<id>+<base64>`), or a 32-byte seed in hex or base64.
   */
  | { readonly kind: 'given'; readonly text: string; readonly from: string };

export interface TransparencyConfig {
  /**
   * Checkpoint origin line and signed-note key name: LOG_ORIGIN followed by `/v2`, the log of entry format 2
   * (LOG_ENTRY_FORMAT_SUFFIX). The log of format 1 (raw events) was signed under LOG_ORIGIN alone: its checkpoints
   * are a retired log that can never be taken for this one's.
   */
  readonly origin: string;
  readonly signingKey: LogSigningKeySource;
  /** Verifier keys of retired log keys, still published so old checkpoints keep verifying (LOG_RETIRED_KEYS). */
  readonly retiredVerifierKeys: readonly string[];
  /** A checkpoint is signed at least this often while the log grows (CHECKPOINT_INTERVAL, default 5 s). */
  readonly checkpointIntervalMs: number;
}

export const DEFAULT_LOG_ORIGIN = 'hk-ai-registry.example/log';

/** Appended to LOG_ORIGIN: the origin of the log whose entries are of format 2 (libs/transparency/src/entry.ts). */
export const LOG_ENTRY_FORMAT_SUFFIX = '/v2';

const INTERVAL = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;

const textOrFile = (variable: string, value: string): { text: string; from: string } => {
  const inline = value.includes('-----BEGIN') || value.startsWith('PRIVATE+KEY+') || /^[0-9a-fA-F]{64}$/.test(value) || /^[A-Za-z0-9+/]{43}=$/.test(value);
  if (inline) return { text: value.replace(/\\n/g, '\n'), from: variable };
  const path = resolve(value);
  if (!existsSync(path))
    throw new Error(
      `${variable} must be an Ed25519 key (PKCS#8 PEM, PRIVATE+KEY+… signer key, or 32-byte seed in hex/base64) or the path of a file holding one; no file at ${path}`,
    );
  return { text: readFileSync(path, 'utf8').trim(), from: path };
};

/**
 * Reads LOG_ORIGIN, LOG_SIGNING_KEY, LOG_KEY_DIR, LOG_RETIRED_KEYS and CHECKPOINT_INTERVAL. Errors start with
 * the variable's name (RegistryConfig's loader turns them into one-line ConfigErrors). On PostgreSQL every
 * instance signs checkpoints, so they must share the key: LOG_SIGNING_KEY, LOG_KEY_DIR, or the `log` folder
 * of AUTH_KEY_DIR (which the registry already requires to be shared there).
 */
export const loadTransparencyConfig = (env: NodeJS.ProcessEnv, dataDir: string, sharedDatabase: boolean): TransparencyConfig => {
  const given = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);

  const origin = given('LOG_ORIGIN') ?? DEFAULT_LOG_ORIGIN;
  // The origin is also the signature's key name, so it must be a valid one (no spaces, no '+').
  if (!isValidKeyName(origin) || origin.length > 255 - LOG_ENTRY_FORMAT_SUFFIX.length)
    throw new Error(
      `LOG_ORIGIN must be a schema-less URL such as hk-ai-registry.example/log (no spaces, no '+', at most ${255 - LOG_ENTRY_FORMAT_SUFFIX.length} characters), got ${JSON.stringify(origin)}`,
    );

  const keyValue = given('LOG_SIGNING_KEY');
  let signingKey: LogSigningKeySource;
  if (keyValue) {
    signingKey = { kind: 'given', ...textOrFile('LOG_SIGNING_KEY', keyValue.trim()) };
  } else {
    const keyDir = localKeyDir(env, {
      keyVariable: 'LOG_SIGNING_KEY',
      dirVariable: 'LOG_KEY_DIR',
      subfolder: 'log',
      signs: 'checkpoints',
      dataDir,
      sharedDatabase,
    });
    signingKey = { kind: 'local', keyDir };
  }

  const retired = given('LOG_RETIRED_KEYS');
  const retiredVerifierKeys = retired ? retired.split(/[\s,]+/).filter(Boolean) : [];
  for (const key of retiredVerifierKeys)
    try {
      parseVerifierKey(key);
    } catch (error) {
      throw new Error(
        `LOG_RETIRED_KEYS must hold signed-note verifier keys (<name>+<key id>+<base64>), separated by commas or spaces: ${(error as Error).message}`,
      );
    }

  const intervalText = given('CHECKPOINT_INTERVAL') ?? '5';
  const m = INTERVAL.exec(intervalText.trim());
  const checkpointIntervalMs = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm'] : Number.NaN;
  if (!(checkpointIntervalMs >= 50 && checkpointIntervalMs <= 3_600_000))
    throw new Error(`CHECKPOINT_INTERVAL must be seconds (or a duration such as 500ms, 5s, 1m) from 50 ms to 1 h, got ${JSON.stringify(intervalText)}`);

  return { origin: origin + LOG_ENTRY_FORMAT_SUFFIX, signingKey, retiredVerifierKeys, checkpointIntervalMs };
};
