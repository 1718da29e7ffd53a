import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { ProjectionRunner } from '@registry/projections';
import { REBUILDABLE_PROJECTIONS } from '../../scripts/registry-cli/rebuild-guard';
import { RunningRegistry } from './support/registry';

const run = promisify(execFile);
const BIN = join(__dirname, '..', '..', 'bin', 'registry.js');

/**
 * `npx registry` refusing what it must not do, as a user runs it (bin/registry.js, its own process): a rebuild of a
 * store that does not exist, an import of a path that is not a file, a token that is expired or too long-lived, and
 * an export whose text cells would run as formulas in a spreadsheet.
 */
describe('registry CLI: refusals and safe CSV (embedded store, demo catalog)', () => {
  let registry: RunningRegistry;
  let dir: string;

  const cli = async (args: string[], env: Record<string, string> = {}) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
        env: {
          ...process.env,
          REGISTRY_URL: registry.url,
          REGISTRY_DATA_DIR: registry.dataDir,
          AUTH_KEY_DIR: join(registry.dataDir, 'auth'),
          LOG_LEVEL: 'warn',
          ...env,
        },
      });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };
  /** One line on stderr, `registry: …` or `token: …`, no stack trace. */
  const oneLine = (stderr: string) => {
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at |node:internal|Unhandled/);
  };

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    dir = mkdtempSync(join(tmpdir(), 'cli-safety-e2e-'));
  });
  afterAll(() => registry.stop());

  it('rebuild refuses a data directory holding no store, and an unknown name, creating nothing (exit 2, one line)', async () => {
    const typo = join(dir, 'typo');
    for (const args of [['rebuild'], ['rebuild', 'certifications'], ['rebuild', 'no-such-projection']]) {
      const r = await cli(args, { REGISTRY_DATA_DIR: typo, AUTH_KEY_DIR: join(typo, 'auth') });
      expect([args, r.code]).toEqual([args, 2]);
      oneLine(r.stderr);
      expect(r.stderr).toContain(args[1] === 'no-such-projection' ? 'no projection named no-such-projection' : `no registry store in ${typo}`);
      expect(r.stdout).toBe('');
      expect(existsSync(typo)).toBe(false);
    }
  }, 120_000);

  it('rebuild knows the projections the registry runs (the names it checks before opening anything)', () => {
    expect([...registry.app.get(ProjectionRunner).positions().keys()].sort()).toEqual([...REBUILDABLE_PROJECTIONS]);
  });

  it('import refuses a directory, a missing file and a rejects file it cannot write as one line, exit 2', async () => {
    const token = await registry.token('CERTIFIER', 'cb-demo-officer', 'hkcb-demo');
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'action,certificationId\nreinstate,no-such-certification\n');
    const before = await registry.eventCount();
    for (const [args, message] of [
      [[dir, '--format', 'csv'], `${dir}: is a directory, not a file`],
      [[dir, '--format', 'jsonl'], `${dir}: is a directory, not a file`],
      [[join(dir, 'missing.csv')], `${join(dir, 'missing.csv')}: no such file`],
      [[good, '--rejects', join(dir, 'nope', 'r.csv')], `${join(dir, 'nope', 'r.csv')}: its directory does not exist`],
    ] as const) {
      const r = await cli(['import', 'certifications', ...args], { REGISTRY_TOKEN: token });
      expect([args, r.code]).toEqual([args, 2]);
      oneLine(r.stderr);
      expect(r.stderr).toBe(`registry: ${message}\n`);
    }
    expect(await registry.eventCount()).toBe(before);
  }, 120_000);

  it('token refuses an expired or over-long lifetime (exit 2) and prints nothing', async () => {
    for (const expires of ['-1h', '0s', '25h', '7d']) {
      const r = await cli(['token', '--role', 'registrar', '--subject', 'registrar-hk', '--expires', expires]);
      expect([expires, r.code]).toEqual([expires, 2]);
      expect(r.stdout).toBe('');
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/^token: --expires /);
    }
    const ok = await cli(['token', '--role', 'registrar', '--subject', 'registrar-hk', '--expires', '24h']);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim().split('.')).toHaveLength(3);
  }, 120_000);

  it('export --format csv writes a formula-like revocation reason as text, a line break inside one quoted cell', async () => {
    const certifier = await registry.token('CERTIFIER', 'cb-demo-officer', 'hkcb-demo');
    const { data } = await registry.gql(`{ certifications(certifierId: "hkcb-demo", status: ACTIVE, first: 2) { edges { node { id } } } }`);
    const [revoked, suspended] = data.certifications.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(suspended).toBeDefined();
    const formula = '=HYPERLINK("http://evil.example","x")';
    const r1 = await registry.gql(
      `mutation($input: RevokeCertificationInput!) { revokeCertification(input: $input) { id } }`,
      { input: { certificationId: revoked, reason: formula } },
      certifier,
    );
    expect(r1.errors).toBeUndefined();
    const r2 = await registry.gql(
      `mutation($input: SuspendCertificationInput!) { suspendCertification(input: $input) { id } }`,
      { input: { certificationId: suspended, reason: 'audit\n=2+2' } },
      certifier,
    );
    expect(r2.errors).toBeUndefined();

    const out = join(dir, 'export.csv');
    const r = await cli(['export', 'certifications', '--format', 'csv', '--certifier-id', 'hkcb-demo', '--out', out]);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
    expect(text).toContain(`,"audit\n=2+2",`);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.find((c) => c.id === revoked)).toMatchObject({ status: 'REVOKED', revocationReason: `'${formula}` });
    expect(rows.find((c) => c.id === suspended)).toMatchObject({ status: 'SUSPENDED', suspensionReason: 'audit\n=2+2' });
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  }, 120_000);
});
