import { ExportReadiness } from '@registry/contract';
import { formatPosition, LogPosition } from '@registry/event-store';
import { Verdict } from '@registry/domain';

/** The verdict as the API answers it: the `exportReadiness` query and the `exportReadinessChanged` subscription. */
export const toExportReadiness = (verdict: Verdict, asOf: string, computedAt: LogPosition): ExportReadiness => ({
  ...verdict.query,
  asOf: new Date(asOf),
  computedAt: formatPosition(computedAt),
  status: verdict.status as ExportReadiness['status'],
  blocker: verdict.blocker as ExportReadiness['blocker'],
  modelVersionDeprecated: verdict.modelVersionDeprecated,
  frameworks: [...verdict.frameworks],
  lines: verdict.lines.map((l) => ({ ...l, unmetConditions: [...l.unmetConditions], evidence: [...l.evidence] })) as ExportReadiness['lines'],
  integrity: verdict.integrity.map((f) => ({ ...f, evidence: [...f.evidence] })) as ExportReadiness['integrity'],
  validUntil: verdict.validUntil ? new Date(verdict.validUntil) : null,
});
