import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LOG_ORIGIN, loadTransparencyConfig } from './transparency.config';

const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';

describe('transparency configuration', () => {
  it('defaults to the embedded key directory, the default origin and 5 s', () => {
    expect(loadTransparencyConfig({}, '/data', false)).toEqual({
      origin: `${DEFAULT_LOG_ORIGIN}/v2`,
      signingKey: { kind: 'local', keyDir: '/data/keys' },
      retiredVerifierKeys: [],
      checkpointIntervalMs: 5000,
    });
  });

  it('reads the origin, an inline key, a key file, retired keys and the interval', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-config-'));
    try {
      const file = join(dir, 'log.key');
      writeFileSync(file, 'PRIVATE+KEY+x+00000000+AAAA\n');
      const c = loadTransparencyConfig(
        { LOG_ORIGIN: 'registry.example.hk/log', LOG_SIGNING_KEY: file, LOG_RETIRED_KEYS: `${PETER_VKEY}, ${PETER_VKEY}`, CHECKPOINT_INTERVAL: '250ms' },
        '/data',
        true,
      );
      expect(c).toEqual({
        origin: 'registry.example.hk/log/v2',
        signingKey: { kind: 'given', text: 'PRIVATE+KEY+x+00000000+AAAA', from: file },
        retiredVerifierKeys: [PETER_VKEY, PETER_VKEY],
        checkpointIntervalMs: 250,
      });
      expect(loadTransparencyConfig({ LOG_SIGNING_KEY: 'ab'.repeat(32) }, '/d', false).signingKey).toEqual({
        kind: 'given',
        text: 'ab'.repeat(32),
        from: 'LOG_SIGNING_KEY',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('needs a shared key on PostgreSQL, and names the variable of every bad value', () => {
    expect(() => loadTransparencyConfig({}, '/d', true)).toThrow(/^LOG_SIGNING_KEY must be set when DATABASE_URL is/);
    expect(loadTransparencyConfig({ AUTH_KEY_DIR: '/shared' }, '/d', true).signingKey).toEqual({ kind: 'local', keyDir: '/shared/log' });
    expect(() => loadTransparencyConfig({ LOG_ORIGIN: 'has space' }, '/d', false)).toThrow(/^LOG_ORIGIN must/);
    expect(() => loadTransparencyConfig({ LOG_ORIGIN: 'a+b' }, '/d', false)).toThrow(/^LOG_ORIGIN must/);
    expect(() => loadTransparencyConfig({ LOG_SIGNING_KEY: '/no/such/file' }, '/d', false)).toThrow(/^LOG_SIGNING_KEY must/);
    expect(() => loadTransparencyConfig({ LOG_RETIRED_KEYS: 'nope' }, '/d', false)).toThrow(/^LOG_RETIRED_KEYS must/);
    for (const bad of ['0', 'abc', '2h', '10ms', '-1'])
      expect(() => loadTransparencyConfig({ CHECKPOINT_INTERVAL: bad }, '/d', false)).toThrow(/^CHECKPOINT_INTERVAL must/);
  });
});
