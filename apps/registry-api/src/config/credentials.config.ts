import { localKeyDir } from './key-dir';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Where the credential signing key comes from (ES256, P-256). Verifiable credentials and status lists are
 * signed with it; its public JWK (and retired ones) are published at /.well-known/jwks.json.
 */
export type CredentialSigningKeySource =
  /** Embedded default only: generated once into `keyDir` (private key mode 0600), kept across restarts. */
  | { readonly kind: 'local'; readonly keyDir: string }
  /** A PKCS#8 PEM private key, given inline in CREDENTIAL_SIGNING_KEY or read from the file it names. */
  | { readonly kind: 'pem'; readonly pem: string; readonly from: string };

export interface CredentialsConfig {
  readonly signingKey: CredentialSigningKeySource;
  /**
   * Public keys (SPKI PEM) of retired signing keys, still published in the JWKS so credentials they signed
   * keep verifying until those expire (rotation: add the old public key here, set the new private key).
   */
  readonly retiredPublicKeys: readonly string[];
  /**
   * The registry's public base URL (`https://registry.example.hk`): the credentials' `issuer` and the
   * status-list URLs derive from it, so it must be stable. Unset: the address the server listens on.
   */
  readonly issuerUrl: string | null;
  /** Seconds a status-list credential stays valid after it was signed (`validUntil`); also its HTTP max-age bound. */
  readonly statusListValiditySeconds: number;
}

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g;

/** PEM text given inline, or the contents of the file the value names. */
const pemOrFile = (variable: string, value: string): { pem: string; from: string } => {
  if (value.includes('-----BEGIN')) return { pem: value.replace(/\\n/g, '\n'), from: variable };
  const path = resolve(value);
  if (!existsSync(path)) throw new Error(`${variable} must be a PEM key or the path of a PEM file; no file at ${path}`);
  return { pem: readFileSync(path, 'utf8'), from: path };
};

/**
 * Reads the credential settings: CREDENTIAL_SIGNING_KEY (PKCS#8 PEM or a file path), CREDENTIAL_RETIRED_KEYS
 * (SPKI PEMs, inline or file paths, separated by commas or concatenated), CREDENTIAL_ISSUER_URL,
 * CREDENTIAL_KEY_DIR (embedded default: `<data dir>/keys`), STATUS_LIST_VALIDITY (seconds, default 86400).
 * Errors start with the variable's name (RegistryConfig's loader turns them into one-line ConfigErrors).
 * On PostgreSQL (several instances) a key generated per data directory would differ per instance, so the key
 * must be configured, or kept in a directory every instance shares: CREDENTIAL_KEY_DIR, else the
 * `credentials` folder of AUTH_KEY_DIR (which the registry already requires to be shared in that case).
 */
export const loadCredentialsConfig = (env: NodeJS.ProcessEnv, dataDir: string, sharedDatabase: boolean): CredentialsConfig => {
  const given = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const keyValue = given('CREDENTIAL_SIGNING_KEY');
  let signingKey: CredentialSigningKeySource;
  if (keyValue) {
    const { pem, from } = pemOrFile('CREDENTIAL_SIGNING_KEY', keyValue);
    if (!pem.includes('BEGIN PRIVATE KEY'))
      throw new Error('CREDENTIAL_SIGNING_KEY must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----) or a file holding one');
    signingKey = { kind: 'pem', pem, from };
  } else {
    const keyDir = localKeyDir(env, {
      keyVariable: 'CREDENTIAL_SIGNING_KEY',
      dirVariable: 'CREDENTIAL_KEY_DIR',
      subfolder: 'credentials',
      signs: 'credentials',
      dataDir,
      sharedDatabase,
    });
    signingKey = { kind: 'local', keyDir };
  }

  const retiredValue = given('CREDENTIAL_RETIRED_KEYS');
  const retiredPublicKeys = retiredValue
    ? (retiredValue.includes('-----BEGIN')
        ? [retiredValue.replace(/\\n/g, '\n')]
        : retiredValue.split(',').map((p) => pemOrFile('CREDENTIAL_RETIRED_KEYS', p.trim()).pem)
      ).flatMap((text) => text.match(PEM_BLOCK) ?? [])
    : [];
  if (retiredValue && retiredPublicKeys.length === 0)
    throw new Error('CREDENTIAL_RETIRED_KEYS must hold SPKI PEM public keys (-----BEGIN PUBLIC KEY-----), inline or as comma-separated file paths');
  if (retiredPublicKeys.some((pem) => !pem.startsWith('-----BEGIN PUBLIC KEY-----')))
    throw new Error('CREDENTIAL_RETIRED_KEYS must hold SPKI public keys only (-----BEGIN PUBLIC KEY-----)');

  const issuerValue = given('CREDENTIAL_ISSUER_URL');
  let issuerUrl: string | null = null;
  if (issuerValue) {
    let url: URL;
    try {
      url = new URL(issuerValue);
    } catch {
      throw new Error(`CREDENTIAL_ISSUER_URL must be an absolute http(s) URL such as https://registry.example.hk, got ${JSON.stringify(issuerValue)}`);
    }
    if (!['https:', 'http:'].includes(url.protocol) || url.search || url.hash)
      throw new Error(`CREDENTIAL_ISSUER_URL must be an http(s) URL without query or fragment, got ${JSON.stringify(issuerValue)}`);
    issuerUrl = url.href.replace(/\/+$/, '');
  }

  const validity = given('STATUS_LIST_VALIDITY');
  const statusListValiditySeconds = validity === undefined ? 86_400 : Number(validity);
  if (!/^\d+$/.test(validity ?? '0') || statusListValiditySeconds < 60 || statusListValiditySeconds > 31 * 86_400)
    throw new Error(`STATUS_LIST_VALIDITY must be a whole number of seconds from 60 to ${31 * 86_400}, got ${JSON.stringify(validity)}`);

  return { signingKey, retiredPublicKeys, issuerUrl, statusListValiditySeconds };
};
