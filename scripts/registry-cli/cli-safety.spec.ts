import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { exportRows } from './export';
import { GraphQLClient, RegistryRefusal } from './graphql-client';
import { importCertifications } from './import-certifications';
import { rebuildRefusal, REBUILDABLE_PROJECTIONS } from './rebuild-guard';
import { tokenLifetime } from './token-lifetime';

const dir = mkdtempSync(join(tmpdir(), 'cli-safety-'));
const FORMULA_START = /^[=+\-@\t\r]/;

const certification = (over: Record<string, unknown>) => ({
  id: 'c-1',
  status: 'REVOKED',
  certifierId: 'cb-001',
  modelId: 'm-1',
  modelVersion: '1.0',
  firmId: 'acme',
  weightsDigest: `sha256:${'a'.repeat(64)}`,
  frameworkVersion: '0.9-draft',
  scope: { useCases: ['lending'], riskTier: 'HIGH' },
  results: [{ requirementId: 'HK-AI-01', result: 'PASS' }],
  auditReportDigest: null,
  validFrom: '2026-01-01T00:00:00.000Z',
  validUntil: '2028-01-01T00:00:00.000Z',
  issuedAt: '2026-01-01T00:00:00.000Z',
  suspendedAt: null,
  suspensionReason: null,
  revokedAt: '2026-06-01T00:00:00.000Z',
  revocationReason: null,
  version: 2,
  ...over,
});

/** One page of certifications, as the registry would answer the export's query. */
const onePage = (nodes: unknown[]) =>
  ({
    request: async () => ({ certifications: { pageInfo: { hasNextPage: false, endCursor: null }, edges: nodes.map((node) => ({ node })) } }),
  }) as unknown as GraphQLClient;

const exported = async (nodes: unknown[]): Promise<string> => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportRows(onePage(nodes), { kind: 'certifications', filters: {} }, 'csv', out);
  return Buffer.concat(chunks).toString('utf8');
};

describe('registry export certifications --format csv', () => {
  it('writes a formula-like revocation reason as text (a leading apostrophe), and a line break inside one quoted cell', async () => {
    const text = await exported([
      certification({ id: 'c-1', revocationReason: '=HYPERLINK("http://evil","x")' }),
      certification({ id: 'c-2', revocationReason: 'fraud\n=2+2', suspensionReason: '@SUM(A1)' }),
      certification({ id: 'c-3', revocationReason: '\r=1' }),
    ]);
    // Exact bytes of the cells that matter.
    expect(text).toContain(`,"'=HYPERLINK(""http://evil"",""x"")",2\n`);
    expect(text).toContain(`,'@SUM(A1),2026-06-01T00:00:00.000Z,"fraud\n=2+2",2\n`);
    expect(text).toContain(`,"'\r=1",2\n`);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.id, r.revocationReason])).toEqual([
      ['c-1', `'=HYPERLINK("http://evil","x")`],
      ['c-2', 'fraud\n=2+2'],
      ['c-3', "'\r=1"],
    ]);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(FORMULA_START);
    expect(rows[0]).toMatchObject({ useCases: 'lending', results: 'HK-AI-01=PASS', auditReportDigest: '', version: '2' });
  });
});

describe('registry import certifications: the rejects file', () => {
  it('neutralises formula-like cells and keeps a line break in one cell', async () => {
    const rejects = join(dir, 'formula.rejects.csv');
    const client = {
      request: async () => {
        throw new RegistryRefusal('BAD_USER_INPUT/INPUT.INVALID', 'reason\n=1+1 is refused');
      },
    } as unknown as GraphQLClient;
    // A CSV input gets a CSV rejects file, the one a spreadsheet opens (JSONL input gets JSONL rejects).
    const csvFile = join(dir, 'formula.csv');
    writeFileSync(csvFile, `action,certificationId,reason\nrevoke,c-1,"=cmd|' /C calc'!A0"\n`);
    const summary = await importCertifications({ file: csvFile, client, concurrency: 1, rejects });
    expect(summary.rejected).toBe(1);
    const text = readFileSync(rejects, 'utf8');
    expect(text).toContain(`\nrevoke,c-1,,,,,,,,,,,,'=cmd|' /C calc'!A0,,2,`);
    expect(text).toContain(`,BAD_USER_INPUT/INPUT.INVALID,"reason\n=1+1 is refused"\n`);
    const [row] = parse(text, { columns: true }) as Record<string, string>[];
    expect(row).toMatchObject({ reason: "'=cmd|' /C calc'!A0", line: '2', errorMessage: 'reason\n=1+1 is refused' });
  });
});

describe('registry import certifications: file errors are one line, never a stack trace', () => {
  const client = { request: async () => ({}) } as unknown as GraphQLClient;
  const good = join(dir, 'good.csv');
  writeFileSync(good, 'action,certificationId\nreinstate,c-1\n');

  it.each([
    ['a directory as CSV', { file: dir, format: 'csv' as const }, `${dir}: is a directory, not a file`],
    ['a directory as JSONL', { file: dir, format: 'jsonl' as const }, `${dir}: is a directory, not a file`],
    ['a missing file', { file: join(dir, 'missing.csv') }, `${join(dir, 'missing.csv')}: no such file`],
    ['a file under a file', { file: join(good, 'x.csv') }, `${join(good, 'x.csv')}: a part of the path is not a directory`],
    [
      'a rejects file in a missing directory',
      { file: good, rejects: join(dir, 'nope', 'r.csv') },
      `${join(dir, 'nope', 'r.csv')}: its directory does not exist`,
    ],
    ['a rejects file that is the input', { file: good, rejects: good }, `--rejects ${good}: that is the input file`],
    ['a state file that is a directory', { file: good, state: dir }, `${dir}: is a directory, not a file`],
  ])('refuses %s', async (_, options, message) => {
    await expect(importCertifications({ client, concurrency: 1, ...options })).rejects.toThrow(message);
    expect(readFileSync(good, 'utf8')).toBe('action,certificationId\nreinstate,c-1\n');
  });

  it('refuses a FIFO (not a regular file) without blocking on it', async () => {
    const fifo = join(dir, 'fifo.csv');
    execFileSync('mkfifo', [fifo]);
    await expect(importCertifications({ file: fifo, client, concurrency: 1 })).rejects.toThrow(`${fifo}: not a regular file`);
  });
});

describe('registry rebuild: refused before anything is opened', () => {
  it('refuses an unknown projection name, naming the known ones', () => {
    expect(rebuildRefusal('certifcations', { REGISTRY_DATA_DIR: join(dir, 'never') })).toBe(
      `no projection named certifcations; there are: ${REBUILDABLE_PROJECTIONS.join(', ')}`,
    );
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('refuses a data directory holding no store, creating nothing', () => {
    const typo = join(dir, 'typo');
    expect(rebuildRefusal('certifications', { REGISTRY_DATA_DIR: typo })).toBe(
      `no registry store in ${typo} (REGISTRY_DATA_DIR): nothing to rebuild; check the directory`,
    );
    expect(rebuildRefusal(undefined, { REGISTRY_DATA_DIR: typo })).toContain(`no registry store in ${typo}`);
    expect(existsSync(typo)).toBe(false);
    // An existing directory without a PostgreSQL data directory inside is no store either.
    mkdirSync(join(typo, 'pglite'), { recursive: true });
    expect(rebuildRefusal('certifications', { REGISTRY_DATA_DIR: typo })).toContain('no registry store');
    writeFileSync(join(typo, 'pglite', 'PG_VERSION'), '17\n');
    expect(rebuildRefusal('certifications', { REGISTRY_DATA_DIR: typo })).toBeUndefined();
    expect(rebuildRefusal(undefined, { REGISTRY_DATA_DIR: typo })).toBeUndefined();
  });

  it('leaves PostgreSQL and KurrentDB stores to the registry, and refuses an in-memory one', () => {
    const none = join(dir, 'none');
    expect(rebuildRefusal('firms', { REGISTRY_DATA_DIR: none, DATABASE_URL: 'postgres://x/y' })).toBeUndefined();
    expect(rebuildRefusal('firms', { REGISTRY_DATA_DIR: none, STORE: 'kurrentdb' })).toBeUndefined();
    expect(rebuildRefusal('firms', { REGISTRY_DATA_DIR: none, DATABASE_URL: 'postgres://x/y', STORE: 'pglite' })).toContain('no registry store');
    expect(rebuildRefusal('firms', { REGISTRY_IN_MEMORY: 'yes' })).toContain('in-memory');
  });
});

describe('registry token --expires', () => {
  const cap = 86_400;
  it.each(['-1h', '-1 h', '0s', '0h', '0.4s', '1h ago', 'abc', '', '8', '1e3s'])('refuses %j: already expired or not a span', (span) => {
    expect(tokenLifetime(span, cap)).toEqual({ refusal: expect.stringMatching(/^--expires /) });
  });
  it.each(['25h', '24.1h', '2d', '7d', '1w', '1y', '86401s'])('refuses %j: longer than the registry accepts', (span) => {
    expect(tokenLifetime(span, cap)).toEqual({ refusal: expect.stringContaining('at most 86400 s (AUTH_MAX_TOKEN_LIFETIME)') });
  });
  it.each([
    ['8h', 28_800],
    ['30m', 1_800],
    ['30 mins', 1_800],
    ['90s', 90],
    ['1 day', 86_400],
    ['24h', 86_400],
    ['1.5h', 5_400],
    ['86400s', 86_400],
  ])('accepts %j as %i s', (span, seconds) => {
    expect(tokenLifetime(span, cap)).toEqual({ seconds });
  });
  it('follows a smaller cap', () => {
    expect(tokenLifetime('2h', 3_600)).toEqual({ refusal: expect.stringContaining('at most 3600 s') });
  });
});
