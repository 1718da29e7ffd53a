import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { GraphQLClient, graphqlUrl, RegistryRefusal } from './graphql-client';
import { formatOf, importCertifications } from './import-certifications';
import { idempotencyKeyOf, mutationFor, parseRow } from './import-rows';

const ISSUE = {
  action: 'issue',
  certificationId: 'c-1',
  certifierId: 'cb-001',
  modelId: 'm-1',
  modelVersion: '1.0',
  weightsDigest: `sha256:${'a'.repeat(64)}`,
  frameworkVersion: '0.9-draft',
  useCases: 'lending; hiring',
  riskTier: 'HIGH',
  results: 'HK-AI-01=PASS;HK-AI-02=NOT_APPLICABLE',
  auditReportDigest: `sha256:${'b'.repeat(64)}`,
  validFrom: '2026-01-01T00:00:00Z',
  validUntil: '2028-01-01T00:00:00Z',
  reason: '',
};

describe('parseRow', () => {
  it('turns an issue row into the issueCertification input with lists split and a content key', () => {
    const parsed = parseRow(ISSUE, 2);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.operation).toMatchObject({
      line: 2,
      action: 'issue',
      input: {
        certificationId: 'c-1',
        scope: { useCases: ['lending', 'hiring'], riskTier: 'HIGH' },
        results: [
          { requirementId: 'HK-AI-01', result: 'PASS' },
          { requirementId: 'HK-AI-02', result: 'NOT_APPLICABLE' },
        ],
        idempotencyKey: parsed.operation.idempotencyKey,
      },
    });
    expect(parsed.operation.idempotencyKey).toMatch(/^import:[0-9a-f]{64}$/);
    expect(parsed.operation.idempotencyKey.length).toBeLessThanOrEqual(128);
    expect(parsed.operation.input).not.toHaveProperty('reason');
  });

  it('accepts JSONL arrays for useCases and results with the same key as the CSV form', () => {
    const jsonl = {
      ...ISSUE,
      useCases: ['lending', 'hiring'],
      results: [
        { requirementId: 'HK-AI-01', result: 'PASS' },
        { requirementId: 'HK-AI-02', result: 'NOT_APPLICABLE' },
      ],
    };
    delete (jsonl as Record<string, unknown>).reason;
    const a = parseRow(ISSUE, 2);
    const b = parseRow(jsonl, 9);
    expect(a.ok && b.ok && a.operation.idempotencyKey === b.operation.idempotencyKey).toBe(true);
  });

  it('derives the key from content only: not the line, column order or surrounding blanks; any change of content changes it', () => {
    const key = (row: Record<string, unknown>, line = 1) => {
      const p = parseRow(row, line);
      if (!p.ok) throw new Error(p.refusal.message);
      return p.operation.idempotencyKey;
    };
    const reordered = Object.fromEntries(Object.entries(ISSUE).reverse());
    expect(key(reordered, 77)).toBe(key(ISSUE));
    expect(key({ ...ISSUE, certificationId: '  c-1 ' })).toBe(key(ISSUE));
    expect(key({ ...ISSUE, validUntil: '2028-01-02T00:00:00Z' })).not.toBe(key(ISSUE));
    expect(key({ ...ISSUE, certificationId: 'c-2' })).not.toBe(key(ISSUE));
    // The same certification suspended twice with the same reason is one operation; another reason is another.
    const suspend = { action: 'suspend', certificationId: 'c-1', reason: 'audit pending' };
    expect(key(suspend)).toBe(key({ ...suspend }));
    expect(key(suspend)).not.toBe(key({ ...suspend, reason: 'other' }));
    expect(key({ action: 'renew', certificationId: 'c-1', validUntil: '2029-01-01T00:00:00Z' })).not.toBe(
      key({ action: 'renew', certificationId: 'c-1', validUntil: '2030-01-01T00:00:00Z' }),
    );
  });

  it('passes the optional sandboxRunIds of an issue row, `;`-separated or a JSONL array, and leaves a row without them as before', () => {
    const input = (row: Record<string, unknown>) => {
      const p = parseRow(row, 3);
      if (!p.ok) throw new Error(p.refusal.message);
      return p.operation;
    };
    expect(input({ ...ISSUE, sandboxRunIds: ' run-a ; run-b;' }).input.sandboxRunIds).toEqual(['run-a', 'run-b']);
    expect(input({ ...ISSUE, sandboxRunIds: ['run-a', 'run-b'] }).idempotencyKey).toBe(input({ ...ISSUE, sandboxRunIds: 'run-a;run-b' }).idempotencyKey);
    // No runs cited (a missing, blank or empty cell): no field, and the key the row had before the column existed.
    const before = idempotencyKeyOf('issue', (({ idempotencyKey: _k, ...rest }) => rest)(input(ISSUE).input));
    for (const none of [undefined, '', ' ; ', []]) {
      const op = input({ ...ISSUE, sandboxRunIds: none });
      expect(op.input).not.toHaveProperty('sandboxRunIds');
      expect(op.idempotencyKey).toBe(before);
    }
    expect(input({ ...ISSUE, sandboxRunIds: 'run-a' }).idempotencyKey).not.toBe(before);
    // Duplicates and malformed ids are the registry's to refuse, with its own codes.
    expect(input({ ...ISSUE, sandboxRunIds: 'run-a;run-a' }).input.sandboxRunIds).toEqual(['run-a', 'run-a']);
  });

  it('keys differ between actions on the same certification', () => {
    expect(idempotencyKeyOf('suspend', { certificationId: 'c', reason: 'r' })).not.toBe(idempotencyKeyOf('revoke', { certificationId: 'c', reason: 'r' }));
  });

  it.each([
    ['not an object', 'x', 'a row must be an object'],
    ['an array', [1], 'a row must be an object'],
    ['no action', { certificationId: 'c' }, 'action must be one of'],
    ['an unknown action', { action: 'delete', certificationId: 'c' }, 'action must be one of'],
    ['an unknown column', { action: 'reinstate', certificationId: 'c', colour: 'red' }, 'unknown field(s): colour'],
    ['a missing field', { action: 'suspend', certificationId: 'c' }, 'suspend needs reason'],
    ['a blank required cell', { action: 'renew', certificationId: ' ', validUntil: '2030-01-01T00:00:00Z' }, 'renew needs certificationId'],
    ['a field the action does not take', { action: 'reinstate', certificationId: 'c', reason: 'why' }, 'reinstate takes no reason'],
    ['a malformed result pair', { ...ISSUE, results: 'HK-AI-01' }, 'results: "HK-AI-01" is not REQUIREMENT=OUTCOME'],
    ['a result with no outcome', { ...ISSUE, results: 'HK-AI-01=' }, 'is not REQUIREMENT=OUTCOME'],
    ['a non-text value', { action: 'reinstate', certificationId: 42 }, 'certificationId must be text'],
    ['bad JSONL results', { ...ISSUE, results: [{ requirementId: 1 }] }, 'results[0] must be { requirementId, result }'],
    ['an over-long cell', { action: 'suspend', certificationId: 'c', reason: 'x'.repeat(10_001) }, 'reason is longer than'],
    [
      'cited runs on another action',
      { action: 'renew', certificationId: 'c', validUntil: '2030-01-01T00:00:00Z', sandboxRunIds: 'run-a' },
      'renew takes no sandboxRunIds',
    ],
    ['cited runs that are not text', { ...ISSUE, sandboxRunIds: [1, 2] }, 'sandboxRunIds must be a list of text'],
    ['an over-long cited-runs cell', { ...ISSUE, sandboxRunIds: 'r'.repeat(10_001) }, 'sandboxRunIds is longer than'],
  ])('refuses %s with CLI.ROW_INVALID', (_, row, message) => {
    const parsed = parseRow(row, 5);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.refusal).toMatchObject({ line: 5, code: 'CLI.ROW_INVALID' });
    expect(parsed.refusal.message).toContain(message);
  });

  it('leaves value checks to the registry: an odd date or tier is passed through for the server to refuse with its code', () => {
    const parsed = parseRow({ ...ISSUE, riskTier: 'EXTREME', validFrom: 'yesterday' }, 3);
    expect(parsed.ok && parsed.operation.input).toMatchObject({ validFrom: 'yesterday', scope: { riskTier: 'EXTREME' } });
  });

  it('names the mutation for each action', () => {
    expect(mutationFor('issue')).toContain('issueCertification(input: $input)');
    expect(mutationFor('renew')).toContain('$input: RenewCertificationInput!');
    expect(mutationFor('revoke')).toContain('revokeCertification');
  });
});

describe('formatOf and graphqlUrl', () => {
  it('tells the format from the name or the flag', () => {
    expect(formatOf('a.CSV')).toBe('csv');
    expect(formatOf('a.jsonl')).toBe('jsonl');
    expect(formatOf('a.ndjson')).toBe('jsonl');
    expect(formatOf('a.txt', 'csv')).toBe('csv');
    expect(() => formatOf('a.txt')).toThrow('--format');
    expect(() => formatOf('a.csv', 'xml')).toThrow('csv or jsonl');
  });

  it('appends /graphql to a base URL only', () => {
    expect(graphqlUrl('http://localhost:3000')).toBe('http://localhost:3000/graphql');
    expect(graphqlUrl('http://localhost:3000/graphql')).toBe('http://localhost:3000/graphql');
    expect(() => graphqlUrl('not a url')).toThrow();
  });
});

describe('importCertifications with a stand-in registry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-import-'));
  const csvOf = (rows: Record<string, string>[]) => {
    const columns = Object.keys(ISSUE);
    return [columns.join(','), ...rows.map((r) => columns.map((c) => JSON.stringify(r[c] ?? '')).join(','))].join('\n');
  };

  /** Refuses certification ids starting with `bad`, remembers keys like the registry, counts "writes". */
  const standIn = () => {
    const keys = new Set<string>();
    let writes = 0;
    let calls = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const client = {
      async request(_query: string, variables: { input: { certificationId: string; idempotencyKey: string } }) {
        calls++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        if (variables.input.certificationId.startsWith('bad')) throw new RegistryRefusal('FORBIDDEN/CERTIFICATION.NOT_ACCREDITED', 'not accredited');
        if (!keys.has(variables.input.idempotencyKey)) {
          keys.add(variables.input.idempotencyKey);
          writes++;
        }
        return {};
      },
    } as unknown as GraphQLClient;
    return { client, stats: () => ({ writes, calls, maxInFlight }) };
  };

  const rows = [
    ...Array.from({ length: 40 }, (_, i) => ({ ...ISSUE, certificationId: `c-${i}` })),
    { ...ISSUE, certificationId: 'bad-1' },
    { ...ISSUE, certificationId: 'c-x', results: 'nope' },
  ];

  it('sends every valid row once within the concurrency bound, writes refusals with their codes, and skips state-file rows on a resume', async () => {
    const file = join(dir, 'a.csv');
    writeFileSync(file, csvOf(rows));
    const rejects = join(dir, 'a.rejects.csv');
    const state = join(dir, 'a.state');
    const registry = standIn();
    const first = await importCertifications({ file, client: registry.client, concurrency: 4, rejects, state });
    expect(first).toMatchObject({
      rows: 42,
      accepted: 40,
      rejected: 2,
      skipped: 0,
      interrupted: false,
      rejectsByCode: { 'FORBIDDEN/CERTIFICATION.NOT_ACCREDITED': 1, 'CLI.ROW_INVALID': 1 },
    });
    expect(registry.stats()).toMatchObject({ writes: 40, calls: 41 });
    expect(registry.stats().maxInFlight).toBeLessThanOrEqual(4);
    const refused = parse(readFileSync(rejects), { columns: true }) as Record<string, string>[];
    expect(refused.map((r) => [r.certificationId, r.line, r.errorCode])).toEqual(
      expect.arrayContaining([
        ['bad-1', '42', 'FORBIDDEN/CERTIFICATION.NOT_ACCREDITED'],
        ['c-x', '43', 'CLI.ROW_INVALID'],
      ]),
    );
    expect(readFileSync(state, 'utf8').trim().split('\n')).toHaveLength(40);

    const again = await importCertifications({ file, client: registry.client, concurrency: 4, rejects, state });
    expect(again).toMatchObject({ accepted: 0, skipped: 40, rejected: 2 });
    expect(registry.stats().writes).toBe(40);
  });

  it('stops dispatching when aborted, and the rerun finishes without writing anything twice', async () => {
    const file = join(dir, 'b.jsonl');
    writeFileSync(
      file,
      rows
        .slice(0, 40)
        .map((r) => JSON.stringify(r))
        .join('\n') + '\nnot json\n',
    );
    const registry = standIn();
    const controller = new AbortController();
    const slow = {
      request: async (q: string, v: any) => {
        const r = await registry.client.request(q, v);
        if (registry.stats().calls >= 10) controller.abort();
        return r;
      },
    } as unknown as GraphQLClient;
    const rejects = join(dir, 'b.rejects.jsonl');
    const first = await importCertifications({ file, client: slow, concurrency: 2, signal: controller.signal, rejects });
    expect(first.interrupted).toBe(true);
    expect(first.accepted).toBeGreaterThanOrEqual(10);
    expect(first.accepted).toBeLessThan(40);
    // No state file: the rerun sends every row again and the registry's idempotency keeps it to one write each.
    const second = await importCertifications({ file, client: registry.client, concurrency: 8, rejects });
    expect(second).toMatchObject({ interrupted: false, accepted: 40, rejected: 1, rejectsByCode: { 'CLI.ROW_INVALID': 1 } });
    expect(registry.stats().writes).toBe(40);
    const refused = readFileSync(rejects, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(refused).toEqual([{ line: 41, errorCode: 'CLI.ROW_INVALID', errorMessage: 'not a JSON object' }]);
  });

  it('refuses a file that is not there, and leaves an empty rejects file after a clean run', async () => {
    await expect(importCertifications({ file: join(dir, 'none.csv'), client: standIn().client, concurrency: 1 })).rejects.toThrow('no such file');
    const file = join(dir, 'c.csv');
    writeFileSync(file, csvOf(rows.slice(0, 3)));
    const rejects = join(dir, 'c.rejects.csv');
    writeFileSync(rejects, 'stale');
    await importCertifications({ file, client: standIn().client, concurrency: 1, rejects });
    await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(rejects) && readFileSync(rejects, 'utf8')).toBe('');
  });
});

describe('importCertifications ordering', () => {
  it('applies rows on one certification in file order while others run concurrently', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-order-'));
    const file = join(dir, 'o.jsonl');
    const rows = [
      { ...ISSUE, certificationId: 'c-1' },
      { ...ISSUE, certificationId: 'c-2' },
      { action: 'suspend', certificationId: 'c-1', reason: 'audit' },
      { action: 'reinstate', certificationId: 'c-1' },
      { action: 'suspend', certificationId: 'c-2', reason: 'audit' },
    ];
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const seen: string[] = [];
    const client = {
      async request(query: string, variables: { input: { certificationId: string } }) {
        // The issue of c-1 is slow: its suspension must still come after it.
        await new Promise((r) => setTimeout(r, query.includes('issueCertification') && variables.input.certificationId === 'c-1' ? 50 : 1));
        seen.push(`${query.match(/\{ (\w+)\(/)![1]}:${variables.input.certificationId}`);
        return {};
      },
    } as unknown as GraphQLClient;
    const summary = await importCertifications({ file, client, concurrency: 8 });
    expect(summary.accepted).toBe(5);
    const c1 = seen.filter((s) => s.endsWith(':c-1'));
    expect(c1).toEqual(['issueCertification:c-1', 'suspendCertification:c-1', 'reinstateCertification:c-1']);
    expect(seen.indexOf('issueCertification:c-2')).toBeLessThan(seen.indexOf('issueCertification:c-1'));
  });
});
