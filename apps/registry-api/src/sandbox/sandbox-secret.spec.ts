import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSandboxSecretConfig, readSandboxSecret, SANDBOX_SECRET_FILE } from './sandbox-secret';

describe('the sandbox secret (where the suite keys come from)', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'sandbox-secret-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('is generated once at the first start (256 bits, mode 0600) and read back unchanged, never overwritten', () => {
    const data = dir();
    const source = loadSandboxSecretConfig({}, data, false);
    expect(source).toEqual({ kind: 'local', keyDir: join(data, 'keys') });
    const first = readSandboxSecret(source);
    expect(first).toHaveLength(32);
    const path = join(data, 'keys', SANDBOX_SECRET_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim()).toBe(first.toString('hex'));
    expect(readSandboxSecret(source).equals(first)).toBe(true);
    expect(readSandboxSecret(loadSandboxSecretConfig({}, dir(), false)).equals(first)).toBe(false);
  });

  it('takes SANDBOX_SECRET inline or from a file, and SANDBOX_KEY_DIR', () => {
    const hex = '0f'.repeat(32);
    expect(readSandboxSecret(loadSandboxSecretConfig({ SANDBOX_SECRET: hex }, dir(), true)).toString('hex')).toBe(hex);
    const file = join(dir(), 'secret');
    writeFileSync(file, `${hex.toUpperCase()}\n`);
    expect(loadSandboxSecretConfig({ SANDBOX_SECRET: file }, dir(), true)).toEqual({ kind: 'given', hex, from: file });
    const keys = dir();
    expect(loadSandboxSecretConfig({ SANDBOX_KEY_DIR: keys }, dir(), true)).toEqual({ kind: 'local', keyDir: keys });
  });

  it('refuses a bad value without echoing it, and PostgreSQL without a shared place', () => {
    for (const bad of ['12'.repeat(31), 'zz'.repeat(32), '/no/such/file'])
      expect(() => loadSandboxSecretConfig({ SANDBOX_SECRET: bad }, dir(), false)).toThrow(/^SANDBOX_SECRET must be 64 hex digits/);
    try {
      loadSandboxSecretConfig({ SANDBOX_SECRET: '12'.repeat(31) }, dir(), false);
    } catch (error) {
      expect((error as Error).message).not.toContain('12'.repeat(31));
    }
    const short = join(dir(), 'short');
    writeFileSync(short, 'abcd');
    expect(() => loadSandboxSecretConfig({ SANDBOX_SECRET: short }, dir(), false)).toThrow(/does not hold 64 hex digits/);
    expect(() => loadSandboxSecretConfig({}, dir(), true)).toThrow(/^SANDBOX_SECRET must be set when DATABASE_URL is/);
    const auth = dir();
    expect(loadSandboxSecretConfig({ AUTH_KEY_DIR: auth }, dir(), true)).toEqual({ kind: 'local', keyDir: join(auth, 'sandbox') });
    // A damaged key file stops the start rather than generating suites no one can regenerate later.
    const damaged = dir();
    writeFileSync(join(damaged, SANDBOX_SECRET_FILE), 'not hex');
    expect(() => readSandboxSecret({ kind: 'local', keyDir: damaged })).toThrow(/does not hold 64 hex digits/);
  });
});
