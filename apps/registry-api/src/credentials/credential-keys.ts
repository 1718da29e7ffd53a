import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, importSPKI, JWK } from 'jose';
import { CredentialsConfig } from '../config/credentials.config';

/**
 * ES256 (ECDSA P-256, SHA-256): what `jose`, every VC-JOSE implementation we tried and WebCrypto verify
 * without extra curves; EdDSA would need Ed25519 in each verifier's crypto stack.
 */
export const CREDENTIAL_ALG = 'ES256';

type PrivateKey = Awaited<ReturnType<typeof importPKCS8>>;

/** A public key as published in the JWKS: RFC 7638 thumbprint as `kid`, `alg`, `use: sig`. */
export type PublishedJwk = JWK & { kid: string; alg: typeof CREDENTIAL_ALG; use: 'sig'; kty: 'EC'; crv: 'P-256'; x: string; y: string };

/** `key`: a private key, or a public one (importSPKI answers the same type as importPKCS8). */
const publicJwkOf = async (key: PrivateKey): Promise<PublishedJwk> => {
  const { kty, crv, x, y } = await exportJWK(key);
  if (kty !== 'EC' || crv !== 'P-256' || !x || !y) throw new Error('credential keys must be EC P-256 keys (ES256)');
  const kid = await calculateJwkThumbprint({ kty, crv, x, y }, 'sha256');
  return { kty: 'EC', crv: 'P-256', x, y, kid, alg: CREDENTIAL_ALG, use: 'sig' };
};

/** The embedded default's key: generated once, so credentials and their kid survive restarts. */
const localPem = async (keyDir: string): Promise<string> => {
  const path = join(keyDir, 'credential-signing.pem');
  if (!existsSync(path)) {
    mkdirSync(keyDir, { recursive: true });
    const { privateKey } = await generateKeyPair(CREDENTIAL_ALG, { extractable: true });
    // 'wx': two processes racing on a fresh directory must not overwrite each other's key.
    try {
      writeFileSync(path, await exportPKCS8(privateKey), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    chmodSync(path, 0o600);
  }
  return readFileSync(path, 'utf8');
};

/**
 * The credential signing key and every public key a verifier may need: the current one signs, retired ones
 * are only published (rotation: credentials signed before keep verifying until they lapse).
 */
export class CredentialKeys {
  private constructor(
    readonly signingKey: PrivateKey,
    readonly current: PublishedJwk,
    readonly retired: readonly PublishedJwk[],
  ) {}

  static async load(config: CredentialsConfig): Promise<CredentialKeys> {
    const pem = config.signingKey.kind === 'pem' ? config.signingKey.pem : await localPem(config.signingKey.keyDir);
    let signingKey: PrivateKey;
    try {
      signingKey = await importPKCS8(pem, CREDENTIAL_ALG, { extractable: true });
    } catch (error) {
      const where = config.signingKey.kind === 'pem' ? config.signingKey.from : config.signingKey.keyDir;
      throw new Error(`CREDENTIAL_SIGNING_KEY must be an EC P-256 PKCS#8 private key (${where}: ${(error as Error).message})`);
    }
    const current = await publicJwkOf(signingKey);
    const retired: PublishedJwk[] = [];
    for (const retiredPem of config.retiredPublicKeys) {
      const jwk = await publicJwkOf(await importSPKI(retiredPem, CREDENTIAL_ALG, { extractable: true }));
      if (jwk.kid !== current.kid && !retired.some((r) => r.kid === jwk.kid)) retired.push(jwk);
    }
    return new CredentialKeys(signingKey, current, retired);
  }

  /** The JWK Set served at /.well-known/jwks.json: the signing key first. */
  jwks(): { keys: PublishedJwk[] } {
    return { keys: [this.current, ...this.retired] };
  }
}
