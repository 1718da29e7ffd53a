import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RunningRegistry } from './support/registry';

const run = promisify(execFile);
const BIN = join(__dirname, '..', '..', 'bin', 'registry.js');

/** `npx registry rebuild` and `npx registry token` against an embedded data directory. */
describe('registry CLI: rebuild and token (embedded store)', () => {
  let registry: RunningRegistry | undefined;
  let dataDir: string;

  const cli = async (args: string[], env: Record<string, string> = {}) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
        env: { ...process.env, REGISTRY_DATA_DIR: dataDir, AUTH_KEY_DIR: join(dataDir, 'auth'), LOG_LEVEL: 'warn', ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    dataDir = registry.dataDir;
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('token prints a bearer token the running registry accepts for that role', async () => {
    const r = await cli(['token', '--role', 'certifier', '--subject', 'hkcb-officer', '--certifier', 'hkcb-demo', '--expires', '10m']);
    expect(r.code).toBe(0);
    const token = r.stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    const who = await registry!.gql(`mutation { suspendCertification(input: { certificationId: "no-such", reason: "x" }) { id } }`, {}, token);
    // Authenticated as the certifier: refused for the certification, not for the token.
    expect(who.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const bad = await cli(['token', '--role', 'emperor', '--subject', 'x']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('emperor');
  }, 120_000);

  it('rebuild refuses while the running registry holds the data directory, naming the lock', async () => {
    const r = await cli(['rebuild', 'certifications']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is in use by another registry process');
    expect(r.stderr).toContain('registry.lock');
  }, 120_000);

  it('rebuild lists the projections, rebuilds one to the same rows, and refuses an unknown name', async () => {
    const rows = async () => (await registry!.db.query(`SELECT certification_id, status, version FROM rm_certifications ORDER BY certification_id`)).rows;
    const before = await rows();
    expect(before.length).toBeGreaterThan(0);
    await registry!.stop({ keepData: true });
    registry = undefined;

    const list = await cli(['rebuild']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^projections: .*certifications/);
    const unknown = await cli(['rebuild', 'no-such-projection']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no projection named no-such-projection');
    const rebuilt = await cli(['rebuild', 'certifications']);
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/^rebuilt certifications up to \d+\.\d+ in [\d.]+ s \(embedded store\)/);

    registry = await RunningRegistry.start({ dataDir });
    expect(await rows()).toEqual(before);
  }, 300_000);
});
