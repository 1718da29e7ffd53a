import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * One row of an import file, turned into one certification mutation. Pure: no I/O, no clock.
 *
 * CSV columns (a header row is required; unknown columns are refused, empty cells are absent values):
 *   action            issue | renew | suspend | reinstate | revoke
 *   certificationId   always
 *   certifierId, modelId, modelVersion, weightsDigest, frameworkVersion, riskTier, auditReportDigest, validFrom
 *                     issue
 *   useCases          issue: `;`-separated slugs, e.g. `lending;hiring`
 *   results           issue: `;`-separated `REQUIREMENT=OUTCOME`, e.g. `HK-AI-01=PASS;HK-AI-02=NOT_APPLICABLE`
 *   validUntil        issue, renew
 *   reason            suspend, revoke
 *   sandboxRunIds     issue, optional: `;`-separated sandbox run ids the certifier cites; left out when empty
 * JSONL: one object a line with the same fields; `useCases`, `results` and `sandboxRunIds` may also be arrays
 * (`["lending"]`, `[{ "requirementId": "HK-AI-01", "result": "PASS" }]`).
 *
 * Values are passed to the registry as written: it validates them (and refuses with its own codes); the CLI
 * refuses only what cannot be turned into a mutation at all (CLI.ROW_INVALID).
 */

export const ACTIONS = ['issue', 'renew', 'suspend', 'reinstate', 'revoke'] as const;
export type Action = (typeof ACTIONS)[number];

/** What an issue row must give: every column but the action and the reason. */
const ISSUE_COLUMNS = [
  'certificationId',
  'certifierId',
  'modelId',
  'modelVersion',
  'weightsDigest',
  'frameworkVersion',
  'useCases',
  'riskTier',
  'results',
  'auditReportDigest',
  'validFrom',
  'validUntil',
] as const;

/** The columns of an import file, in the order a header lists them (the optional ones last). */
export const COLUMNS = ['action', ...ISSUE_COLUMNS, 'reason', 'sandboxRunIds'] as const;
type Column = (typeof COLUMNS)[number];

/** Columns an action may give, or not. */
const OPTIONAL: Partial<Record<Action, readonly Column[]>> = { issue: ['sandboxRunIds'] };

/** Every column an action takes, required and optional (an export row carries these for an issue). */
export const columnsOf = (action: Action): readonly Column[] => [...REQUIRED[action], ...(OPTIONAL[action] ?? [])];

const REQUIRED: Record<Action, readonly Column[]> = {
  issue: ISSUE_COLUMNS,
  renew: ['certificationId', 'validUntil'],
  suspend: ['certificationId', 'reason'],
  reinstate: ['certificationId'],
  revoke: ['certificationId', 'reason'],
};

export const MUTATION: Record<Action, { field: string; inputType: string }> = {
  issue: { field: 'issueCertification', inputType: 'IssueCertificationInput' },
  renew: { field: 'renewCertification', inputType: 'RenewCertificationInput' },
  suspend: { field: 'suspendCertification', inputType: 'SuspendCertificationInput' },
  reinstate: { field: 'reinstateCertification', inputType: 'ReinstateCertificationInput' },
  revoke: { field: 'revokeCertification', inputType: 'RevokeCertificationInput' },
};

export interface Operation {
  readonly line: number;
  readonly action: Action;
  /** The mutation's input, idempotency key included. */
  readonly input: Record<string, unknown>;
  /** Derived from the row's content only: the same row, wherever it sits in whichever file, has the same key. */
  readonly idempotencyKey: string;
}

export interface RowRefusal {
  readonly line: number;
  readonly code: 'CLI.ROW_INVALID';
  readonly message: string;
}

export type ParsedRow = { ok: true; operation: Operation } | { ok: false; refusal: RowRefusal };

/** Row fields that are absent: missing, null, or an empty / blank CSV cell. */
const present = (value: unknown): boolean => !(value === undefined || value === null || (typeof value === 'string' && value.trim() === ''));

const MAX_CELL = 10_000;

const text = (row: Record<string, unknown>, column: Column): string => {
  const value = row[column];
  if (typeof value !== 'string') throw new RowError(`${column} must be text`);
  if (value.length > MAX_CELL) throw new RowError(`${column} is longer than ${MAX_CELL} characters`);
  return value.trim();
};

class RowError extends Error {}

const useCasesOf = (row: Record<string, unknown>): string[] => {
  const value = row.useCases;
  if (Array.isArray(value)) {
    if (!value.every((v) => typeof v === 'string')) throw new RowError('useCases must be a list of text');
    return value.map((v: string) => v.trim());
  }
  return text(row, 'useCases')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
};

/** The runs an issue cites, or none: a CSV cell split at `;`, or a JSONL array. */
const sandboxRunIdsOf = (row: Record<string, unknown>): string[] => {
  const value = row.sandboxRunIds;
  if (!present(value)) return [];
  if (Array.isArray(value)) {
    if (!value.every((v) => typeof v === 'string')) throw new RowError('sandboxRunIds must be a list of text');
    return value.map((v: string) => v.trim()).filter(Boolean);
  }
  return text(row, 'sandboxRunIds')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
};

const resultsOf = (row: Record<string, unknown>): { requirementId: string; result: string }[] => {
  const value = row.results;
  if (Array.isArray(value)) {
    return value.map((r, i) => {
      if (!r || typeof r !== 'object' || typeof (r as any).requirementId !== 'string' || typeof (r as any).result !== 'string')
        throw new RowError(`results[${i}] must be { requirementId, result }`);
      return { requirementId: (r as any).requirementId.trim(), result: (r as any).result.trim() };
    });
  }
  return text(row, 'results')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 1 || eq === pair.length - 1) throw new RowError(`results: "${pair}" is not REQUIREMENT=OUTCOME`);
      return { requirementId: pair.slice(0, eq).trim(), result: pair.slice(eq + 1).trim() };
    });
};

/** The mutation input for a row (without its idempotency key). */
const inputOf = (action: Action, row: Record<string, unknown>): Record<string, unknown> => {
  const certificationId = text(row, 'certificationId');
  switch (action) {
    case 'issue': {
      const sandboxRunIds = sandboxRunIdsOf(row);
      return {
        certificationId,
        certifierId: text(row, 'certifierId'),
        modelId: text(row, 'modelId'),
        modelVersion: text(row, 'modelVersion'),
        weightsDigest: text(row, 'weightsDigest'),
        frameworkVersion: text(row, 'frameworkVersion'),
        scope: { useCases: useCasesOf(row), riskTier: text(row, 'riskTier') },
        results: resultsOf(row),
        auditReportDigest: text(row, 'auditReportDigest'),
        validFrom: text(row, 'validFrom'),
        validUntil: text(row, 'validUntil'),
        // Only when runs are cited, so a row without them keeps the idempotency key it had before the column existed.
        ...(sandboxRunIds.length ? { sandboxRunIds } : {}),
      };
    }
    case 'renew':
      return { certificationId, validUntil: text(row, 'validUntil') };
    case 'suspend':
    case 'revoke':
      return { certificationId, reason: text(row, 'reason') };
    case 'reinstate':
      return { certificationId };
    default: {
      const never: never = action;
      throw new RowError(`unknown action ${String(never)}`);
    }
  }
};

/**
 * The idempotency key of a row: `import:` and the SHA-256 of the RFC 8785 canonical JSON of the action and the
 * mutation input. Cell order, surrounding blanks, CSV or JSONL, and the row's line do not change it; any change
 * of content does. The registry scopes keys to the caller, so two certifiers' identical rows do not collide.
 */
export const idempotencyKeyOf = (action: Action, input: Record<string, unknown>): string =>
  `import:${createHash('sha256').update(canonicalize({ action, input })!).digest('hex')}`;

/** A file row (CSV record with a header, or a parsed JSONL object) as a mutation, or why it cannot be one. */
export const parseRow = (row: unknown, line: number): ParsedRow => {
  const refuse = (message: string): ParsedRow => ({ ok: false, refusal: { line, code: 'CLI.ROW_INVALID', message } });
  if (!row || typeof row !== 'object' || Array.isArray(row)) return refuse('a row must be an object of named fields');
  const fields = row as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((k) => !(COLUMNS as readonly string[]).includes(k));
  if (unknown.length) return refuse(`unknown field(s): ${unknown.join(', ')}`);
  const action = typeof fields.action === 'string' ? fields.action.trim().toLowerCase() : undefined;
  if (!action || !(ACTIONS as readonly string[]).includes(action)) return refuse(`action must be one of ${ACTIONS.join(', ')}`);
  const missing = REQUIRED[action as Action].filter((c) => !present(fields[c]));
  if (missing.length) return refuse(`${action} needs ${missing.join(', ')}`);
  const allowed = [...REQUIRED[action as Action], ...(OPTIONAL[action as Action] ?? [])];
  const extra = COLUMNS.filter((c) => c !== 'action' && present(fields[c]) && !allowed.includes(c));
  if (extra.length) return refuse(`${action} takes no ${extra.join(', ')}`);
  try {
    const input = inputOf(action as Action, fields);
    const idempotencyKey = idempotencyKeyOf(action as Action, input);
    return { ok: true, operation: { line, action: action as Action, input: { ...input, idempotencyKey }, idempotencyKey } };
  } catch (e) {
    if (e instanceof RowError) return refuse(e.message);
    throw e;
  }
};

/** The GraphQL document for an action. */
export const mutationFor = (action: Action): string => {
  const { field, inputType } = MUTATION[action];
  return `mutation Import($input: ${inputType}!) { ${field}(input: $input) { id status version } }`;
};
