import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { ExportFormat, exportRows } from './export';
import { GraphQLClient } from './graphql-client';
import { columnsOf, parseRow } from './import-rows';

/**
 * An exported certification read back through the import (review: the export had no `sandboxRunIds` although the
 * import takes it, so re-issuing from an export silently dropped the cited runs). The issue columns of an exported
 * row, with `action` and `certificationId` (the export's `id`), must make the very mutation that issued it.
 */
const certification = (over: Record<string, unknown> = {}) => ({
  id: 'loanlens-1-0-hkai',
  status: 'ACTIVE',
  certifierId: 'cb-001',
  modelId: 'loanlens',
  modelVersion: '1.0',
  firmId: 'harbour-lending',
  weightsDigest: `sha256:${'a'.repeat(64)}`,
  frameworkVersion: '0.9-draft',
  scope: { useCases: ['lending', 'hiring'], riskTier: 'HIGH' },
  results: [
    { requirementId: 'HK-AI-01', result: 'PASS' },
    { requirementId: 'HK-AI-05', result: 'NOT_APPLICABLE' },
  ],
  sandboxRunIds: ['run-b', 'run-a.2'],
  auditReportDigest: `sha256:${'b'.repeat(64)}`,
  validFrom: '2026-01-01T00:00:00.000Z',
  validUntil: '2028-01-01T00:00:00.000Z',
  issuedAt: '2026-01-01T00:00:00.000Z',
  suspendedAt: null,
  suspensionReason: null,
  revokedAt: null,
  revocationReason: null,
  version: 1,
  ...over,
});

/** What the registry was asked when this certification was issued. */
const issueInputOf = (c: ReturnType<typeof certification>) => ({
  certificationId: c.id,
  certifierId: c.certifierId,
  modelId: c.modelId,
  modelVersion: c.modelVersion,
  weightsDigest: c.weightsDigest,
  frameworkVersion: c.frameworkVersion,
  scope: c.scope,
  results: c.results,
  auditReportDigest: c.auditReportDigest,
  validFrom: c.validFrom,
  validUntil: c.validUntil,
  ...(c.sandboxRunIds.length ? { sandboxRunIds: c.sandboxRunIds } : {}),
});

const exported = async (nodes: unknown[], format: ExportFormat): Promise<string> => {
  const client = {
    request: async (query: string) => {
      expect(query).toContain('sandboxRunIds');
      return { certifications: { pageInfo: { hasNextPage: false, endCursor: null }, edges: nodes.map((node) => ({ node })) } };
    },
  } as unknown as GraphQLClient;
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportRows(client, { kind: 'certifications', filters: {} }, format, out);
  return Buffer.concat(chunks).toString('utf8');
};

/** The issue's columns other than its id (an export row names the certification `id`). */
const ISSUE_COLUMNS: readonly string[] = columnsOf('issue').filter((c) => c !== 'certificationId');

/** An exported row as an import row: the issue's columns, `id` as `certificationId`. */
const asIssueRow = (row: Record<string, unknown>) => ({
  action: 'issue',
  certificationId: row.id,
  ...Object.fromEntries(ISSUE_COLUMNS.filter((c) => c in row).map((c) => [c, row[c]])),
});

const imported = (row: Record<string, unknown>) => {
  const parsed = parseRow(row, 2);
  if (!parsed.ok) throw new Error(parsed.refusal.message);
  const { idempotencyKey: _k, ...input } = parsed.operation.input;
  return input;
};

describe('registry export certifications → registry import certifications', () => {
  const cases = [
    ['citing two runs', certification()],
    ['citing one run', certification({ sandboxRunIds: ['run-1'] })],
    ['citing none', certification({ sandboxRunIds: [] })],
  ] as const;

  it.each(cases)('CSV: a certification %s reads back as the issue that made it', async (_, c) => {
    const text = await exported([c], 'csv');
    const [header] = text.split('\n');
    expect(header.split(',')).toContain('sandboxRunIds');
    const [row] = parse(text, { columns: true }) as Record<string, string>[];
    expect(row.sandboxRunIds).toBe(c.sandboxRunIds.join(';'));
    expect(imported(asIssueRow(row))).toEqual(issueInputOf(c));
  });

  it.each(cases)('JSONL: a certification %s reads back as the issue that made it', async (_, c) => {
    const text = await exported([c], 'jsonl');
    const node = JSON.parse(text.trim()) as Record<string, any>;
    expect(node.sandboxRunIds).toEqual(c.sandboxRunIds);
    const row = { ...node, useCases: node.scope.useCases, riskTier: node.scope.riskTier };
    expect(imported(asIssueRow(row))).toEqual(issueInputOf(c));
  });

  it('the same certification exported as CSV or JSONL imports with the same idempotency key', async () => {
    const [csvRow] = parse(await exported([certification()], 'csv'), { columns: true }) as Record<string, string>[];
    const node = JSON.parse((await exported([certification()], 'jsonl')).trim());
    const fromCsv = parseRow(asIssueRow(csvRow), 2);
    const fromJsonl = parseRow(asIssueRow({ ...node, useCases: node.scope.useCases, riskTier: node.scope.riskTier }), 2);
    expect(fromCsv.ok && fromJsonl.ok && fromCsv.operation.idempotencyKey === fromJsonl.operation.idempotencyKey).toBe(true);
  });
});
