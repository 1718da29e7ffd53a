import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { ed25519PrivateKeyFromSeed, ed25519Seed, NoteSigner, noteSigner, parseSignerKey } from '@registry/transparency';
import { LogSigningKeySource } from '../config/transparency.config';

const asEd25519 = (key: KeyObject, from: string): KeyObject => {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`LOG_SIGNING_KEY (${from}) must be an Ed25519 key, got ${key.asymmetricKeyType}`);
  return key;
};

/** The private key in any of the forms LOG_SIGNING_KEY accepts (see TransparencyConfig). */
const privateKeyFrom = (text: string, from: string): KeyObject => {
  if (text.includes('-----BEGIN')) {
    try {
      return asEd25519(createPrivateKey(text), from);
    } catch (error) {
      throw new Error(`LOG_SIGNING_KEY (${from}) is not a PKCS#8 PEM private key: ${(error as Error).message}`);
    }
  }
  if (text.startsWith('PRIVATE+KEY+')) {
    try {
      return parseSignerKey(text).privateKey;
    } catch (error) {
      throw new Error(`LOG_SIGNING_KEY (${from}): ${(error as Error).message}`);
    }
  }
  const seed = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/]{43}=$/.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (!seed) throw new Error(`LOG_SIGNING_KEY (${from}) must be a PKCS#8 PEM Ed25519 key, a PRIVATE+KEY+… signer key, or a 32-byte seed in hex or base64`);
  return ed25519PrivateKeyFromSeed(seed);
};

/**
 * The log's signer: the configured key, or (embedded default) a key generated once into `keyDir`. The key
 * name is the origin, as C2SP tlog-checkpoint recommends, so the key id depends on both: a new origin or a
 * new key is a new key id, and verifiers keep the old verifier keys to check old checkpoints.
 */
export const loadLogSigner = (origin: string, source: LogSigningKeySource): NoteSigner => {
  if (source.kind === 'given') return noteSigner(origin, privateKeyFrom(source.text, source.from));
  const path = join(source.keyDir, 'log-ed25519.pem');
  if (!existsSync(path)) {
    mkdirSync(source.keyDir, { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    // 'wx': two processes starting at once on one key directory must not overwrite each other's key.
    try {
      writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
      chmodSync(path, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return noteSigner(origin, privateKeyFrom(readFileSync(path, 'utf8'), path));
};

/** For tests and key ceremonies: a fresh key as a signer-key string (what LOG_SIGNING_KEY accepts). */
export const newSeedHex = (): string => Buffer.from(ed25519Seed(generateKeyPairSync('ed25519').privateKey)).toString('hex');
