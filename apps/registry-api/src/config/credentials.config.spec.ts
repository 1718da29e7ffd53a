import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { loadCredentialsConfig } from './credentials.config';
import { CredentialKeys } from '../credentials/credential-keys';

describe('loadCredentialsConfig and CredentialKeys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'credentials-config-'));

  it('embedded default: a key generated once in <data dir>/keys, same kid on the next start', async () => {
    const config = loadCredentialsConfig({}, dir, false);
    expect(config.signingKey).toEqual({ kind: 'local', keyDir: join(dir, 'keys') });
    const first = await CredentialKeys.load(config);
    const second = await CredentialKeys.load(config);
    expect(second.current.kid).toBe(first.current.kid);
    expect(first.current.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('reads a PKCS#8 key inline or from a file, and publishes retired keys beside it (rotation)', async () => {
    const current = await generateKeyPair('ES256', { extractable: true });
    const old = await generateKeyPair('ES256', { extractable: true });
    const path = join(dir, 'signing.pem');
    writeFileSync(path, await exportPKCS8(current.privateKey));
    const oldPath = join(dir, 'old.pem');
    writeFileSync(oldPath, await exportSPKI(old.publicKey));
    for (const value of [path, await exportPKCS8(current.privateKey)]) {
      const keys = await CredentialKeys.load(loadCredentialsConfig({ CREDENTIAL_SIGNING_KEY: value, CREDENTIAL_RETIRED_KEYS: oldPath }, dir, true));
      const jwks = keys.jwks();
      expect(jwks.keys).toHaveLength(2);
      expect(jwks.keys[0].kid).toBe(keys.current.kid);
      expect(jwks.keys.every((k) => k.use === 'sig' && k.alg === 'ES256' && !('d' in k))).toBe(true);
    }
  });

  it('refuses what it cannot use, naming the variable', async () => {
    expect(() => loadCredentialsConfig({}, dir, true)).toThrow(/^CREDENTIAL_SIGNING_KEY must be set when DATABASE_URL is/);
    expect(loadCredentialsConfig({ AUTH_KEY_DIR: join(dir, 'auth') }, dir, true).signingKey).toEqual({
      kind: 'local',
      keyDir: join(dir, 'auth', 'credentials'),
    });
    expect(() => loadCredentialsConfig({ CREDENTIAL_SIGNING_KEY: join(dir, 'missing.pem') }, dir, false)).toThrow(/^CREDENTIAL_SIGNING_KEY/);
    expect(() => loadCredentialsConfig({ CREDENTIAL_SIGNING_KEY: '-----BEGIN PUBLIC KEY-----\nAA\n-----END PUBLIC KEY-----' }, dir, false)).toThrow(
      /^CREDENTIAL_SIGNING_KEY/,
    );
    expect(() => loadCredentialsConfig({ CREDENTIAL_ISSUER_URL: 'registry.example.hk' }, dir, false)).toThrow(/^CREDENTIAL_ISSUER_URL/);
    expect(() => loadCredentialsConfig({ STATUS_LIST_VALIDITY: '5' }, dir, false)).toThrow(/^STATUS_LIST_VALIDITY/);
    expect(loadCredentialsConfig({ CREDENTIAL_ISSUER_URL: 'https://registry.example.hk/' }, dir, false).issuerUrl).toBe('https://registry.example.hk');
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const rsaPath = join(dir, 'rsa.pem');
    writeFileSync(rsaPath, await exportPKCS8(rsa.privateKey));
    await expect(CredentialKeys.load(loadCredentialsConfig({ CREDENTIAL_SIGNING_KEY: rsaPath }, dir, false))).rejects.toThrow(
      /^CREDENTIAL_SIGNING_KEY must be an EC P-256/,
    );
  });
});
