import { Actor } from '@registry/kernel';
import { SandboxRunCompleted, SandboxRunEvent, SandboxRunFailed, SandboxRunRequested, SuiteVersion } from '@registry/domain';
import { featureNames, generatorVersionOf, PUBLIC_RANDOMNESS_GENERATOR_VERSION, SandboxScore, SuiteParameters } from '@registry/sandbox';

/** A suite version as the API returns it. */
export const suiteVersionView = (v: SuiteVersion) => ({
  suiteId: v.suiteId,
  version: v.version,
  digest: v.digest,
  useCases: [...v.useCases],
  generatorVersion: generatorVersionOf(v.parameters),
  publicRandomness: generatorVersionOf(v.parameters) === PUBLIC_RANDOMNESS_GENERATOR_VERSION,
  seed: v.parameters.seed,
  size: v.parameters.size,
  baseRate: v.parameters.baseRate,
  sexBaseRateGap: v.parameters.sexBaseRateGap,
  thresholds: v.parameters.thresholds,
  effectiveFrom: new Date(v.effectiveFrom),
  publishedAt: new Date(v.publishedAt),
  featuresPath: `/sandbox/suites/${encodeURIComponent(v.suiteId)}/versions/${encodeURIComponent(v.version)}/features.csv`,
  featureNames: featureNames(v.suiteId),
});

export const suiteParameters = (v: SuiteVersion): SuiteParameters => ({ suite: v.suiteId, ...v.parameters });

/** Rates and metric values as shown to anyone but the registrar: two decimals (review P1). */
export const PUBLIC_RATE_DECIMALS = 2;
const rounded = (x: number | null) => (x === null ? null : Math.round(x * 10 ** PUBLIC_RATE_DECIMALS) / 10 ** PUBLIC_RATE_DECIMALS);

type Rates = SandboxScore['overall'];
/**
 * Rates without the counts that make a run an oracle on the labels (review P1: predicting 1 for one row per
 * sex×age cell, the exact TPR × positives of each cell gave that row's label): positives, negatives and selected
 * are withheld, rates rounded, and a small group's rates (fewer rows than minGroupSize) suppressed.
 */
const publicRates = (r: Rates, suppressed: boolean) => ({
  n: r.n,
  positives: null,
  negatives: null,
  selected: null,
  selectionRate: suppressed ? null : rounded(r.selectionRate),
  truePositiveRate: suppressed ? null : rounded(r.truePositiveRate),
  falsePositiveRate: suppressed ? null : rounded(r.falsePositiveRate),
  falseNegativeRate: suppressed ? null : rounded(r.falseNegativeRate),
  accuracy: suppressed ? null : rounded(r.accuracy),
});

/**
 * The metrics in the SDL's shape (rates nested under each group). `exact` (the registrar): as scored. Otherwise
 * (the firm, other firms, anonymous callers) as `publicRates`, with between-group metrics and check values rounded
 * the same way; each check's outcome is the one decided on the exact value, as the verdict and the seal use it.
 */
export const metricsView = (s: SandboxScore, exact: boolean) =>
  exact
    ? {
        rows: s.rows,
        overall: s.overall,
        groupings: s.groupings.map((g) => ({ ...g, groups: g.groups.map(({ group, small, ...rates }) => ({ group, small, rates })) })),
        counterfactual: s.counterfactual,
        checks: s.checks,
      }
    : {
        rows: s.rows,
        overall: publicRates(s.overall, false),
        groupings: s.groupings.map((g) => ({
          grouping: g.grouping,
          groups: g.groups.map(({ group, small, ...rates }) => ({ group, small, rates: publicRates(rates, small) })),
          disparateImpactRatio: rounded(g.disparateImpactRatio),
          demographicParityDifference: rounded(g.demographicParityDifference),
          equalOpportunityDifference: rounded(g.equalOpportunityDifference),
          equalizedOddsDifference: rounded(g.equalizedOddsDifference),
        })),
        counterfactual: s.counterfactual?.map((c) => ({ ...c, flipRate: rounded(c.flipRate) })) ?? null,
        checks: s.checks.map((c) => ({ ...c, value: rounded(c.value) })),
      };

export interface RunView {
  readonly id: string;
  readonly requested: SandboxRunRequested['data'];
  readonly status: 'REQUESTED' | 'COMPLETED' | 'FAILED';
}

/** A run folded from its events (null: no such run). */
export const runOf = (events: readonly SandboxRunEvent[]) => {
  const requested = events.find((e): e is SandboxRunRequested => e.type === 'SandboxRunRequested');
  if (!requested) return null;
  const completed = events.find((e): e is SandboxRunCompleted => e.type === 'SandboxRunCompleted');
  const failed = events.find((e): e is SandboxRunFailed => e.type === 'SandboxRunFailed');
  return { requested: requested.data, completed: completed?.data ?? null, failed: failed?.data ?? null };
};
export type RunFacts = NonNullable<ReturnType<typeof runOf>>;

export const runView = (run: RunFacts, actor: Actor | undefined) => {
  const r = run.requested;
  const mayReadEndpoint = actor?.role === 'REGISTRAR' || (actor?.role === 'FIRM' && actor.scope === r.firmId);
  return {
    id: r.runId,
    firmId: r.firmId,
    modelId: r.modelId,
    modelVersion: r.modelVersion,
    weightsDigest: r.weightsDigest,
    suiteId: r.suiteId,
    suiteVersion: r.suiteVersion,
    suiteDigest: r.suiteDigest,
    mode: r.mode,
    endpoint: mayReadEndpoint ? r.endpoint : null,
    rows: r.rows,
    status: run.completed ? 'COMPLETED' : run.failed ? 'FAILED' : 'REQUESTED',
    requestedAt: new Date(r.requestedAt),
    finishedAt: run.completed ? new Date(run.completed.completedAt) : run.failed ? new Date(run.failed.failedAt) : null,
    passed: run.completed ? run.completed.passed : null,
    failedChecks: run.completed ? [...run.completed.failedChecks] : [],
    metrics: run.completed ? metricsView(run.completed.score, actor?.role === 'REGISTRAR') : null,
    failureReason: run.failed?.reason ?? null,
    // The message may name the endpoint's host or address: restricted as the endpoint is.
    failureMessage: mayReadEndpoint ? (run.failed?.message ?? null) : null,
    predictionsPath: r.mode === 'UPLOAD' ? `/sandbox/runs/${encodeURIComponent(r.runId)}/predictions` : null,
  };
};
