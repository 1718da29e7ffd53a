import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { COLUMNS } from '../../scripts/registry-cli/import-rows';
import { RunningRegistry } from './support/registry';

const run = promisify(execFile);
const BIN = join(__dirname, '..', '..', 'bin', 'registry.js');

/** The demo catalog's certifier (accredited for lending on HK-AI 0.9-draft) and its certified model. */
const CERTIFIER = 'hkcb-demo';
const DIGEST_21 = `sha256:${createHash('sha256').update('creditscope@2.1').digest('hex')}`;
/**
 * Versions registered for the import: a version's export readiness is judged again from all its certifications
 * whenever one changes, so thousands on one version would measure that, not the import. A hundred per version.
 */
const VERSIONS = 100;
const versionOf = (i: number) => `bulk.${i % VERSIONS}`;
const digestOf = (version: string) => `sha256:${createHash('sha256').update(`creditscope@${version}`).digest('hex')}`;
/**
 * 400 rows in `npm test` (CI has 20 minutes for everything; 1,000 took 100 s alone and 290 s beside the other
 * suites); the issue's 10,000 with CLI_E2E_ROWS=10000 (run
 * here: 889 s on a loaded 2-core machine, passed; docs/benchmarks.md). The assertions are the same at any size.
 */
const ROWS = Number(process.env.CLI_E2E_ROWS ?? 400);
const RESULTS = 'HK-AI-01=PASS;HK-AI-04=PASS;HK-AI-07=PASS';

const day = 86_400_000;
const now = Date.now();
const iso = (t: number) => new Date(t).toISOString();

const issueRow = (id: string, version = '2.1') => ({
  action: 'issue',
  certificationId: id,
  certifierId: CERTIFIER,
  modelId: 'creditscope',
  modelVersion: version,
  weightsDigest: version === '2.1' ? DIGEST_21 : digestOf(version),
  frameworkVersion: '0.9-draft',
  useCases: 'lending',
  riskTier: 'HIGH',
  results: RESULTS,
  auditReportDigest: `sha256:${createHash('sha256').update(`audit ${id}`).digest('hex')}`,
  validFrom: iso(now - day),
  validUntil: iso(now + 365 * day),
});

const csv = (rows: Record<string, string>[]) =>
  [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => JSON.stringify(r[c] ?? '')).join(','))].join('\n') + '\n';

/**
 * `npx registry import certifications` against a running registry, as a certifier runs it: a 10k-row file
 * (issues, then renewals and suspensions of some of them), run twice; the second run, without its state file,
 * sends every row again and must append nothing. Also export, status, and a file of bad rows.
 */
describe('registry CLI: import, export, status (over HTTP, embedded store, demo catalog)', () => {
  let registry: RunningRegistry;
  let certifier: string;
  let dir: string;
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
        env: { ...process.env, REGISTRY_URL: registry.url, ...env },
        maxBuffer: 64 * 1024 * 1024,
      });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };
  const status = async () => JSON.parse((await cli(['status', '--json'])).stdout) as { eventCount: number; headPosition: string; store: string };

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    certifier = await registry.token('CERTIFIER', 'cb-demo-officer', CERTIFIER);
    dir = mkdtempSync(join(tmpdir(), 'cli-e2e-'));
    const owner = await registry.token('FIRM', 'harbour-admin', 'harbour-lending');
    for (let v = 0; v < VERSIONS; v++) {
      const version = versionOf(v);
      const r = await registry.gql(
        `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { id } }`,
        { input: { modelId: 'creditscope', version, weightsDigest: digestOf(version) } },
        owner,
      );
      expect(r.errors).toBeUndefined();
    }
  }, 300_000);
  afterAll(() => registry.stop());

  it(`imports ${ROWS} rows, then re-running the file (without its state file) appends no event`, async () => {
    const ids = Array.from({ length: ROWS - 200 }, (_, i) => `imp-${String(i).padStart(5, '0')}`);
    const rows: Record<string, string>[] = [
      ...ids.map((id, i) => issueRow(id, versionOf(i))),
      ...ids.slice(0, 100).map((id) => ({ action: 'renew', certificationId: id, validUntil: iso(now + 500 * day) })),
      ...ids.slice(100, 200).map((id) => ({ action: 'suspend', certificationId: id, reason: 'surveillance audit overdue' })),
    ];
    expect(rows).toHaveLength(ROWS);
    const file = join(dir, 'bulk.csv');
    writeFileSync(file, csv(rows));
    const before = await status();

    const first = await cli(['import', 'certifications', file, '--concurrency', '8', '--rejects', join(dir, 'bulk.rejects.csv')], {
      REGISTRY_TOKEN: certifier,
    });
    expect(first.stderr).not.toContain('registry:');
    expect(first.stdout).toContain(`done: ${ROWS} rows read, ${ROWS} accepted, 0 refused`);
    expect(first.code).toBe(0);
    const afterFirst = await status();
    expect(afterFirst.eventCount).toBe(before.eventCount + ROWS);
    expect(readFileSync(join(dir, 'bulk.rejects.csv'), 'utf8')).toBe('');

    // Every row sent again: each carries its content-derived idempotency key, so nothing is written twice.
    const again = await cli(['import', 'certifications', file, '--no-state', '--concurrency', '8'], { REGISTRY_TOKEN: certifier });
    expect(again.stdout).toContain(`done: ${ROWS} rows read, ${ROWS} accepted, 0 refused, 0 already done`);
    expect(again.code).toBe(0);
    const afterSecond = await status();
    expect(afterSecond.eventCount).toBe(afterFirst.eventCount);
    expect(afterSecond.headPosition).toBe(afterFirst.headPosition);

    // With its state file the resumed run does not even send them.
    const resumed = await cli(['import', 'certifications', file], { REGISTRY_TOKEN: certifier });
    expect(resumed.stdout).toContain(`0 accepted, 0 refused, ${ROWS} already done`);
    expect((await status()).eventCount).toBe(afterFirst.eventCount);

    // The outcome, read back through the export command (paged queries, streamed).
    const suspended = await cli(['export', 'certifications', '--format', 'jsonl', '--certifier-id', CERTIFIER, '--status', 'SUSPENDED']);
    const lines = suspended.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((c) => c.id).sort()).toEqual(ids.slice(100, 200));
    expect(lines.every((c) => c.suspensionReason === 'surveillance audit overdue')).toBe(true);
    const all = await cli(['export', 'certifications', '--format', 'csv', '--model-id', 'creditscope', '--out', join(dir, 'out.csv')]);
    expect(all.stderr).toContain(`exported ${ROWS - 200 + 1} rows`);
    const exported = parse(readFileSync(join(dir, 'out.csv')), { columns: true }) as Record<string, string>[];
    expect(exported).toHaveLength(ROWS - 200 + 1);
    const renewed = exported.find((c) => c.id === 'imp-00000')!;
    expect(renewed).toMatchObject({ status: 'ACTIVE', validUntil: iso(now + 500 * day), useCases: 'lending', results: RESULTS, auditReportDigest: '' });
  }, 900_000);

  it('writes refused rows with their error codes to the rejects file, imports the good ones, and exits 1', async () => {
    const good = issueRow('good-one');
    const rows: Record<string, string>[] = [
      good,
      { ...issueRow('wrong-digest'), weightsDigest: `sha256:${'0'.repeat(64)}` },
      { ...issueRow('not-mine'), certifierId: 'cb-other' },
      { ...issueRow('BAD ID') },
      { ...issueRow('bad-date'), validFrom: 'yesterday' },
      { ...issueRow('bad-results'), results: 'HK-AI-01' },
      { action: 'suspend', certificationId: 'no-such-cert', reason: 'x' },
      { action: 'explode', certificationId: 'good-one' },
      { action: 'renew', certificationId: 'good-one', validUntil: iso(now - 10 * day) },
    ];
    const file = join(dir, 'bad.csv');
    writeFileSync(file, csv(rows));
    const rejects = join(dir, 'bad.rejects.csv');
    const before = await status();
    const r = await cli(['import', 'certifications', file, '--rejects', rejects, '--concurrency', '4'], { REGISTRY_TOKEN: certifier });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('9 rows read, 1 accepted, 8 refused');
    expect((await status()).eventCount).toBe(before.eventCount + 1);
    const refused = parse(readFileSync(rejects), { columns: true }) as Record<string, string>[];
    const byId = Object.fromEntries(refused.map((x) => [`${x.line}:${x.certificationId}`, x.errorCode]));
    expect(byId).toEqual({
      '3:wrong-digest': 'CONFLICT/CERTIFICATION.DIGEST_MISMATCH',
      '4:not-mine': 'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER',
      '5:BAD ID': 'BAD_USER_INPUT/INPUT.INVALID',
      '6:bad-date': 'BAD_USER_INPUT/INPUT.INVALID_SCALAR',
      '7:bad-results': 'CLI.ROW_INVALID',
      '8:no-such-cert': 'NOT_FOUND/CERTIFICATION.NOT_FOUND',
      '9:good-one': 'CLI.ROW_INVALID',
      '10:good-one': 'BAD_USER_INPUT/CERTIFICATION.RENEWAL_NOT_LATER',
    });
    // Each refused row keeps its columns, so the file can be corrected and imported again.
    expect(refused.find((x) => x.certificationId === 'wrong-digest')).toMatchObject({
      action: 'issue',
      modelId: 'creditscope',
      errorMessage: expect.any(String),
    });
  }, 120_000);

  it('refuses to run without a token, and files every row refused for an invalid one', async () => {
    const file = join(dir, 'one.csv');
    writeFileSync(file, csv([issueRow('tokenless')]));
    const none = await cli(['import', 'certifications', file], { REGISTRY_TOKEN: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('a token is needed');
    const anonymous = await cli(['import', 'certifications', file, '--token', 'not-a-jwt', '--rejects', join(dir, 'one.rejects.csv'), '--no-state']);
    expect(anonymous.code).toBe(1);
    expect(readFileSync(join(dir, 'one.rejects.csv'), 'utf8')).toContain('UNAUTHENTICATED/');
  }, 60_000);

  it('status prints the store, the log head and the event count', async () => {
    const r = await cli(['status']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/store: +pglite\nlog head: +\d+\.\d+\nread models at: +\d+\.\d+/);
  }, 60_000);
});
