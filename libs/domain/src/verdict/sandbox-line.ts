import { suiteVersionInForce } from '../sandbox/sandbox.decider';
import { isAtOrBefore, isBefore } from '../shared/values';
import { VerdictFacts } from './verdict.facts';
import { ReadinessReason } from './verdict.types';
import { FactRef } from './evidence-table';

export interface SandboxStanding {
  readonly satisfied: boolean;
  readonly reason: ReadinessReason;
  readonly evidence: readonly FactRef[];
  /** When a newer suite version takes effect (a satisfied line lapses then); null: none announced. */
  readonly lapsesAt: string | null;
}

/**
 * The HK-AI sandbox requirement (satisfiedBy SANDBOX), judged at asOf for one model version and use case:
 * the suite testing the use case, its version in force, and the model version's completed runs under it
 * for its exact weights. The latest completed run under the version in force decides: passed → SATISFIED
 * (evidence: the suite version, the run's request and completion); failed → GAP SANDBOX_RUN_FAILED (a newer
 * failing run undoes an older pass). With none under it, an older suite version's pass gives GAP
 * SANDBOX_SUITE_SUPERSEDED; nothing at all, SANDBOX_RUN_MISSING. A run that failed to be scored
 * (SandboxRunFailed: the endpoint broke) is no evidence either way.
 */
export const judgeSandbox = (facts: VerdictFacts, modelId: string, version: string, digest: string, useCase: string, asOf: string): SandboxStanding => {
  const [suiteId, suite] = [...facts.sandboxSuites].filter(([, s]) => s.useCases.includes(useCase)).sort(([a], [b]) => a.localeCompare(b))[0] ?? [];
  const inForce = suite ? suiteVersionInForce(suite.versions, asOf) : undefined;
  if (!suite || !inForce) return { satisfied: false, reason: 'SANDBOX_NO_SUITE', evidence: [], lapsesAt: null };
  const lapsesAt = suite.versions.find((v) => isBefore(asOf, v.effectiveFrom))?.effectiveFrom ?? null;
  const runs = (facts.sandboxRuns.get(`${modelId}/${version}`) ?? []).filter(
    (r) => r.suiteId === suiteId && r.weightsDigest === digest && isAtOrBefore(r.completedAt, asOf),
  );
  const latest = runs.filter((r) => r.suiteVersion === inForce.version).at(-1);
  if (latest?.passed) return { satisfied: true, reason: 'SATISFIED_BY_SANDBOX_RUN', evidence: [inForce.ref, ...latest.refs], lapsesAt };
  if (latest) return { satisfied: false, reason: 'SANDBOX_RUN_FAILED', evidence: [inForce.ref, ...latest.refs], lapsesAt: null };
  const older = runs.filter((r) => r.passed).at(-1);
  if (older) return { satisfied: false, reason: 'SANDBOX_SUITE_SUPERSEDED', evidence: [inForce.ref, ...older.refs], lapsesAt: null };
  return { satisfied: false, reason: 'SANDBOX_RUN_MISSING', evidence: [inForce.ref], lapsesAt: null };
};
