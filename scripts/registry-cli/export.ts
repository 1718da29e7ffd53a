import { Writable } from 'node:stream';
import { csvRecords } from '../../apps/registry-api/src/public-sector/safe-csv';
import { GraphQLClient } from './graphql-client';

export type ExportFormat = 'csv' | 'jsonl';

const CERTIFICATIONS = `query Export($modelId: ID, $modelVersion: String, $firmId: ID, $certifierId: ID, $status: CertificationStatus, $after: String) {
  certifications(modelId: $modelId, modelVersion: $modelVersion, firmId: $firmId, certifierId: $certifierId, status: $status, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id status certifierId modelId modelVersion firmId weightsDigest frameworkVersion scope { useCases riskTier }
      results { requirementId result } sandboxRunIds auditReportDigest validFrom validUntil issuedAt suspendedAt suspensionReason revokedAt revocationReason version } } } }`;

const VERDICTS = `query Export($jurisdiction: String!, $useCase: String!, $status: ReadinessStatus, $after: String) {
  exportReadyModels(jurisdiction: $jurisdiction, useCase: $useCase, status: $status, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { modelId version jurisdiction useCase status validUntil computedAt } } } }`;

/**
 * Columns of a certification in CSV: lists joined as in the import format (`a;b`, `REQ=OUTCOME;…`, cited runs
 * `run-a;run-b`), so an exported row's issue columns read back through the import unchanged. `sandboxRunIds` sits
 * with the issue's own columns, not last: the columns a certifier reads most keep their place.
 */
const CERTIFICATION_COLUMNS = [
  'id',
  'status',
  'certifierId',
  'modelId',
  'modelVersion',
  'firmId',
  'weightsDigest',
  'frameworkVersion',
  'useCases',
  'riskTier',
  'results',
  'sandboxRunIds',
  'auditReportDigest',
  'validFrom',
  'validUntil',
  'issuedAt',
  'suspendedAt',
  'suspensionReason',
  'revokedAt',
  'revocationReason',
  'version',
] as const;
const VERDICT_COLUMNS = ['modelId', 'version', 'jurisdiction', 'useCase', 'status', 'validUntil', 'computedAt'] as const;

const flattenCertification = (c: any): Record<string, unknown> => ({
  ...c,
  useCases: c.scope.useCases.join(';'),
  riskTier: c.scope.riskTier,
  results: c.results.map((r: { requirementId: string; result: string }) => `${r.requirementId}=${r.result}`).join(';'),
  sandboxRunIds: (c.sandboxRunIds ?? []).join(';'),
});

export type ExportWhat =
  | { kind: 'certifications'; filters: Record<string, string | undefined> }
  | { kind: 'verdicts'; filters: { jurisdiction: string; useCase: string; status?: string } };

const write = async (out: Writable, text: string) => {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
};

/**
 * Streams every certification (or export-readiness row) matching the filters to `out`, one page of 100 at a time
 * through the same paged queries the web registry uses (cursor after cursor, so memory stays one page whatever the
 * size, and the output's order is the query's: by id). Returns how many rows were written.
 */
export const exportRows = async (client: GraphQLClient, what: ExportWhat, format: ExportFormat, out: Writable): Promise<number> => {
  const columns: readonly string[] = what.kind === 'certifications' ? CERTIFICATION_COLUMNS : VERDICT_COLUMNS;
  if (format === 'csv') await write(out, csvRecords([columns], 'lf'));
  let count = 0;
  for (let after: string | undefined; ;) {
    const data = await client.request(what.kind === 'certifications' ? CERTIFICATIONS : VERDICTS, { ...what.filters, after });
    const page = what.kind === 'certifications' ? data.certifications : data.exportReadyModels;
    for (const { node } of page.edges as { node: any }[]) {
      const row = what.kind === 'certifications' ? flattenCertification(node) : node;
      if (format === 'jsonl') await write(out, `${JSON.stringify(node)}\n`);
      // Text from certifiers (a revocation reason) is quoted and formula-neutralised by csvRecords: safe in a spreadsheet.
      else await write(out, csvRecords([columns.map((c) => (row[c] === null || row[c] === undefined ? '' : String(row[c])))], 'lf'));
      count++;
    }
    if (!page.pageInfo.hasNextPage) return count;
    after = page.pageInfo.endCursor;
  }
};
