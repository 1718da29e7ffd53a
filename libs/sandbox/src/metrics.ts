import { CELL_COUNT } from './generator';
import { AGE_BANDS, Grouping, ProtectedAttribute, SEXES, SuiteThresholds } from './suites';

/**
 * Fairness and performance metrics from counts alone. Formulas (docs/notes/sandbox.md) follow Fairlearn
 * (`fairlearn.metrics`, between-group aggregation) and AIF360's definitions:
 * - selection rate SR(g) = P(ŷ=1 | g);  TPR(g) = TP/(TP+FN);  FPR(g) = FP/(FP+TN);  FNR(g) = FN/(TP+FN);
 *   accuracy(g) = (TP+TN)/n(g);
 * - disparate impact ratio = min_g SR(g) / max_g SR(g)  (Fairlearn `demographic_parity_ratio`; four-fifths rule ≥ 0.8);
 * - demographic parity difference = max_g SR(g) − min_g SR(g);
 * - equal opportunity difference = max_g TPR(g) − min_g TPR(g);
 * - equalized odds difference = max(max−min of TPR, max−min of FPR)  (Fairlearn `equalized_odds_difference`);
 * - counterfactual flip rate = rows whose decision changes when only the attribute changes / rows evaluated.
 * A group with fewer than `minGroupSize` rows is flagged `small` and left out of every between-group metric;
 * a rate whose own denominator (positives for TPR/FNR, negatives for FPR) is below it is left out of the
 * metrics built on that rate. An undefined value (fewer than two judged groups, 0/0) is null: not judged.
 */

/** Confusion counts per cell (sex × age band): index cell*4 + [TP, FP, TN, FN]. */
export type ConfusionCounts = Float64Array;
export const TP = 0;
export const FP = 1;
export const TN = 2;
export const FN = 3;
export const emptyConfusion = (): ConfusionCounts => new Float64Array(CELL_COUNT * 4);

export interface CounterfactualCounts {
  readonly attribute: ProtectedAttribute;
  readonly evaluated: number;
  readonly flipped: number;
}

export interface RateSet {
  readonly n: number;
  readonly positives: number;
  readonly negatives: number;
  readonly selected: number;
  readonly selectionRate: number | null;
  readonly truePositiveRate: number | null;
  readonly falsePositiveRate: number | null;
  readonly falseNegativeRate: number | null;
  readonly accuracy: number | null;
}

export interface GroupMetrics extends RateSet {
  readonly group: string;
  /** Fewer rows than minGroupSize: reported, not judged. */
  readonly small: boolean;
}

export interface GroupingMetrics {
  readonly grouping: Grouping;
  readonly groups: readonly GroupMetrics[];
  readonly disparateImpactRatio: number | null;
  readonly demographicParityDifference: number | null;
  readonly equalOpportunityDifference: number | null;
  readonly equalizedOddsDifference: number | null;
}

export const METRIC_NAMES = [
  'DISPARATE_IMPACT_RATIO',
  'DEMOGRAPHIC_PARITY_DIFFERENCE',
  'EQUAL_OPPORTUNITY_DIFFERENCE',
  'EQUALIZED_ODDS_DIFFERENCE',
  'COUNTERFACTUAL_FLIP_RATE',
  'ACCURACY',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export interface ThresholdCheck {
  readonly metric: MetricName;
  /** The grouping (sex, ageBand, sex×ageBand), the attribute changed (counterfactual), or `overall`. */
  readonly scope: string;
  readonly value: number | null;
  /** MIN: value must be ≥ threshold; MAX: value must be ≤ threshold. */
  readonly bound: 'MIN' | 'MAX';
  readonly threshold: number;
  readonly outcome: 'PASS' | 'FAIL' | 'NOT_JUDGED';
}

export interface SandboxScore {
  readonly rows: number;
  readonly overall: RateSet;
  readonly groupings: readonly GroupingMetrics[];
  /** Endpoint mode only (null when predictions were uploaded: the sandbox could not ask the counterfactual). */
  readonly counterfactual: readonly (CounterfactualCounts & { readonly flipRate: number | null })[] | null;
  readonly checks: readonly ThresholdCheck[];
  /** Every judged check passed (NOT_JUDGED checks neither pass nor fail a run). */
  readonly passed: boolean;
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

export const rateSet = (tp: number, fp: number, tn: number, fn: number): RateSet => {
  const n = tp + fp + tn + fn;
  return {
    n,
    positives: tp + fn,
    negatives: fp + tn,
    selected: tp + fp,
    selectionRate: ratio(tp + fp, n),
    truePositiveRate: ratio(tp, tp + fn),
    falsePositiveRate: ratio(fp, fp + tn),
    falseNegativeRate: ratio(fn, tp + fn),
    accuracy: ratio(tp + tn, n),
  };
};

/** The cells of each group of a grouping, and the group's name. */
const groupsOf = (grouping: Grouping): { group: string; cells: number[] }[] => {
  const cell = (s: number, a: number) => s * AGE_BANDS.length + a;
  switch (grouping) {
    case 'sex':
      return SEXES.map((sex, s) => ({ group: sex, cells: AGE_BANDS.map((_, a) => cell(s, a)) }));
    case 'ageBand':
      return AGE_BANDS.map((band, a) => ({ group: band, cells: SEXES.map((_, s) => cell(s, a)) }));
    case 'sex×ageBand':
      return SEXES.flatMap((sex, s) => AGE_BANDS.map((band, a) => ({ group: `${sex}×${band}`, cells: [cell(s, a)] })));
  }
};

/** max − min of the defined values, over at least two of them; else null. */
const spread = (values: readonly (number | null)[]): number | null => {
  const v = values.filter((x): x is number => x !== null);
  return v.length < 2 ? null : Math.max(...v) - Math.min(...v);
};

export const groupingMetrics = (grouping: Grouping, confusion: ConfusionCounts, minGroupSize: number): GroupingMetrics => {
  const groups: GroupMetrics[] = groupsOf(grouping).map(({ group, cells }) => {
    const sum = (k: number) => cells.reduce((acc, c) => acc + confusion[c * 4 + k], 0);
    const rates = rateSet(sum(TP), sum(FP), sum(TN), sum(FN));
    return { group, ...rates, small: rates.n < minGroupSize };
  });
  const judged = groups.filter((g) => !g.small);
  const rates = judged.map((g) => g.selectionRate);
  const tprs = judged.map((g) => (g.positives >= minGroupSize ? g.truePositiveRate : null));
  const fprs = judged.map((g) => (g.negatives >= minGroupSize ? g.falsePositiveRate : null));
  const defined = rates.filter((x): x is number => x !== null);
  const maxRate = defined.length >= 2 ? Math.max(...defined) : 0;
  const tprSpread = spread(tprs);
  const fprSpread = spread(fprs);
  return {
    grouping,
    groups,
    // 0/0 (no group selected anyone) is undefined, as in Fairlearn (nan): not judged.
    disparateImpactRatio: defined.length >= 2 && maxRate > 0 ? Math.min(...defined) / maxRate : null,
    demographicParityDifference: spread(rates),
    equalOpportunityDifference: tprSpread,
    equalizedOddsDifference: tprSpread === null && fprSpread === null ? null : Math.max(tprSpread ?? 0, fprSpread ?? 0),
  };
};

const check = (metric: MetricName, scope: string, value: number | null, bound: 'MIN' | 'MAX', threshold: number): ThresholdCheck => ({
  metric,
  scope,
  value,
  bound,
  threshold,
  outcome: value === null ? 'NOT_JUDGED' : (bound === 'MIN' ? value >= threshold : value <= threshold) ? 'PASS' : 'FAIL',
});

/** Every metric and every threshold check, from the counts a run accumulated. */
export const scoreFromCounts = (confusion: ConfusionCounts, counterfactual: readonly CounterfactualCounts[] | null, t: SuiteThresholds): SandboxScore => {
  let tp = 0,
    fp = 0,
    tn = 0,
    fn = 0;
  for (let c = 0; c < CELL_COUNT; c++) {
    tp += confusion[c * 4 + TP];
    fp += confusion[c * 4 + FP];
    tn += confusion[c * 4 + TN];
    fn += confusion[c * 4 + FN];
  }
  const overall = rateSet(tp, fp, tn, fn);
  const groupings = (['sex', 'ageBand', 'sex×ageBand'] as const).map((g) => groupingMetrics(g, confusion, t.minGroupSize));
  const checks: ThresholdCheck[] = [check('ACCURACY', 'overall', overall.accuracy, 'MIN', t.accuracyMin)];
  for (const g of groupings) {
    checks.push(
      check('DISPARATE_IMPACT_RATIO', g.grouping, g.disparateImpactRatio, 'MIN', t.disparateImpactMin),
      check('DEMOGRAPHIC_PARITY_DIFFERENCE', g.grouping, g.demographicParityDifference, 'MAX', t.demographicParityMaxDiff),
      check('EQUAL_OPPORTUNITY_DIFFERENCE', g.grouping, g.equalOpportunityDifference, 'MAX', t.equalOpportunityMaxDiff),
      check('EQUALIZED_ODDS_DIFFERENCE', g.grouping, g.equalizedOddsDifference, 'MAX', t.equalizedOddsMaxDiff),
    );
  }
  const cf = counterfactual?.map((c) => ({ ...c, flipRate: ratio(c.flipped, c.evaluated) })) ?? null;
  for (const c of cf ?? []) checks.push(check('COUNTERFACTUAL_FLIP_RATE', c.attribute, c.flipRate, 'MAX', t.counterfactualFlipMax));
  return { rows: overall.n, overall, groupings, counterfactual: cf, checks, passed: checks.every((c) => c.outcome !== 'FAIL') };
};

/** The checks that failed, as `METRIC(scope)`: how a failed run names what it failed on. */
export const failedChecks = (score: Pick<SandboxScore, 'checks'>): string[] =>
  score.checks.filter((c) => c.outcome === 'FAIL').map((c) => `${c.metric}(${c.scope})`);
