import { cellOf } from './generator';
import { emptyConfusion, FN, FP, groupingMetrics, rateSet, scoreFromCounts, TN, TP } from './metrics';
import { AgeBand, DEFAULT_THRESHOLDS, Sex } from './suites';

/** Confusion counts from a few hand-filled cells (every other cell empty). */
const confusion = (cells: { sex: Sex; age: AgeBand; tp: number; fp: number; tn: number; fn: number }[]) => {
  const c = emptyConfusion();
  for (const x of cells) {
    const i = cellOf(x.sex, x.age) * 4;
    c[i + TP] = x.tp;
    c[i + FP] = x.fp;
    c[i + TN] = x.tn;
    c[i + FN] = x.fn;
  }
  return c;
};

const t = { ...DEFAULT_THRESHOLDS, minGroupSize: 30 };

describe('sandbox metrics (hand-computed fixtures)', () => {
  it('rates of one group: selection rate, TPR, FPR, FNR, accuracy', () => {
    // TP 30, FP 10, TN 40, FN 20: n 100, selected 40, positives 50, negatives 50.
    expect(rateSet(30, 10, 40, 20)).toEqual({
      n: 100,
      positives: 50,
      negatives: 50,
      selected: 40,
      selectionRate: 0.4,
      truePositiveRate: 0.6,
      falsePositiveRate: 0.2,
      falseNegativeRate: 0.4,
      accuracy: 0.7,
    });
  });

  it('leaves a rate with an empty denominator undefined (null), never 0', () => {
    expect(rateSet(0, 0, 0, 0)).toMatchObject({ n: 0, selectionRate: null, truePositiveRate: null, falsePositiveRate: null, accuracy: null });
    expect(rateSet(0, 3, 7, 0)).toMatchObject({ truePositiveRate: null, falseNegativeRate: null, falsePositiveRate: 0.3 });
  });

  // F×18-29: TP 30 FP 10 TN 40 FN 20 (SR .4, TPR .6, FPR .2); M×18-29: TP 40 FP 20 TN 30 FN 10 (SR .6, TPR .8, FPR .4).
  const two = confusion([
    { sex: 'F', age: '18-29', tp: 30, fp: 10, tn: 40, fn: 20 },
    { sex: 'M', age: '18-29', tp: 40, fp: 20, tn: 30, fn: 10 },
  ]);

  it('between-group metrics by sex: DI = .4/.6, DP diff .2, equal opportunity .2, equalized odds max(.2, .2)', () => {
    const m = groupingMetrics('sex', two, 30);
    expect(m.groups.map((g) => [g.group, g.n, g.selectionRate, g.truePositiveRate, g.falsePositiveRate, g.small])).toEqual([
      ['F', 100, 0.4, 0.6, 0.2, false],
      ['M', 100, 0.6, 0.8, 0.4, false],
    ]);
    expect(m.disparateImpactRatio).toBeCloseTo(2 / 3, 12);
    expect(m.demographicParityDifference).toBeCloseTo(0.2, 12);
    expect(m.equalOpportunityDifference).toBeCloseTo(0.2, 12);
    expect(m.equalizedOddsDifference).toBeCloseTo(0.2, 12);
  });

  it('flags empty age bands as small and judges nothing with fewer than two judged groups', () => {
    const m = groupingMetrics('ageBand', two, 30);
    expect(m.groups.map((g) => [g.group, g.n, g.small])).toEqual([
      ['18-29', 200, false],
      ['30-49', 0, true],
      ['50+', 0, true],
    ]);
    expect([m.disparateImpactRatio, m.demographicParityDifference, m.equalOpportunityDifference, m.equalizedOddsDifference]).toEqual([null, null, null, null]);
  });

  it('intersections judge only the cells big enough: a tiny cell is reported, flagged and left out', () => {
    const c = confusion([
      { sex: 'F', age: '18-29', tp: 30, fp: 10, tn: 40, fn: 20 },
      { sex: 'M', age: '18-29', tp: 40, fp: 20, tn: 30, fn: 10 },
      // 5 rows, all selected: SR 1 would make DI .4 if it were judged.
      { sex: 'F', age: '50+', tp: 5, fp: 0, tn: 0, fn: 0 },
    ]);
    const m = groupingMetrics('sex×ageBand', c, 30);
    expect(m.groups.find((g) => g.group === 'F×50+')).toMatchObject({ n: 5, small: true, selectionRate: 1 });
    expect(m.groups.filter((g) => !g.small).map((g) => g.group)).toEqual(['F×18-29', 'M×18-29']);
    expect(m.disparateImpactRatio).toBeCloseTo(2 / 3, 12);
  });

  it('leaves a group out of TPR/FPR spreads when that rate’s own denominator is small', () => {
    // F: TP 40 FP 0 TN 10 FN 0 (n 50, negatives 10 < 30: its FPR is not judged). M: TP 20 FP 5 TN 25 FN 20.
    const c = confusion([
      { sex: 'F', age: '30-49', tp: 40, fp: 0, tn: 10, fn: 0 },
      { sex: 'M', age: '30-49', tp: 20, fp: 5, tn: 25, fn: 20 },
    ]);
    const m = groupingMetrics('sex', c, 30);
    expect(m.equalOpportunityDifference).toBeCloseTo(1 - 0.5, 12);
    // FPR spread has one judged group only (M): equalized odds is the TPR spread.
    expect(m.equalizedOddsDifference).toBeCloseTo(0.5, 12);
    expect(m.disparateImpactRatio).toBeCloseTo(25 / 70 / (40 / 50), 12);
    expect(m.demographicParityDifference).toBeCloseTo(40 / 50 - 25 / 70, 12);
  });

  it('equalized odds takes the larger of the TPR and FPR spreads', () => {
    // TPRs .5 and .5 (spread 0), FPRs .1 and .5 (spread .4).
    const c = confusion([
      { sex: 'F', age: '30-49', tp: 20, fp: 4, tn: 36, fn: 20 },
      { sex: 'M', age: '30-49', tp: 20, fp: 20, tn: 20, fn: 20 },
    ]);
    const m = groupingMetrics('sex', c, 30);
    expect(m.equalOpportunityDifference).toBe(0);
    expect(m.equalizedOddsDifference).toBeCloseTo(0.4, 12);
  });

  it('a model that selects nobody: DI is 0/0 (not judged), DP difference 0', () => {
    const c = confusion([
      { sex: 'F', age: '30-49', tp: 0, fp: 0, tn: 50, fn: 50 },
      { sex: 'M', age: '30-49', tp: 0, fp: 0, tn: 50, fn: 50 },
    ]);
    const m = groupingMetrics('sex', c, 30);
    expect(m.disparateImpactRatio).toBeNull();
    expect(m.demographicParityDifference).toBe(0);
  });

  it('checks every threshold, names the failures, and fails the run on any judged failure', () => {
    const score = scoreFromCounts(two, [{ attribute: 'sex', evaluated: 200, flipped: 3 }], t);
    const outcome = (metric: string, scope: string) => score.checks.find((c) => c.metric === metric && c.scope === scope);
    expect(outcome('ACCURACY', 'overall')).toMatchObject({ value: 0.7, outcome: 'PASS', bound: 'MIN', threshold: 0.6 });
    expect(outcome('DISPARATE_IMPACT_RATIO', 'sex')).toMatchObject({ outcome: 'FAIL', threshold: 0.8 });
    expect(outcome('DEMOGRAPHIC_PARITY_DIFFERENCE', 'sex')?.outcome).toBe('FAIL');
    expect(outcome('DISPARATE_IMPACT_RATIO', 'ageBand')).toMatchObject({ value: null, outcome: 'NOT_JUDGED' });
    expect(outcome('COUNTERFACTUAL_FLIP_RATE', 'sex')).toMatchObject({ value: 0.015, outcome: 'FAIL', threshold: 0.01 });
    expect(score.counterfactual).toEqual([{ attribute: 'sex', evaluated: 200, flipped: 3, flipRate: 0.015 }]);
    expect(score.rows).toBe(200);
    expect(score.passed).toBe(false);
  });

  it('passes when every judged check passes (not-judged checks do not fail a run)', () => {
    const fair = confusion([
      { sex: 'F', age: '18-29', tp: 40, fp: 10, tn: 40, fn: 10 },
      { sex: 'M', age: '18-29', tp: 40, fp: 10, tn: 40, fn: 10 },
    ]);
    const score = scoreFromCounts(fair, null, t);
    expect(score.counterfactual).toBeNull();
    expect(score.checks.some((c) => c.metric === 'COUNTERFACTUAL_FLIP_RATE')).toBe(false);
    expect(score.checks.filter((c) => c.outcome === 'NOT_JUDGED').map((c) => c.scope)).toEqual(['ageBand', 'ageBand', 'ageBand', 'ageBand']);
    expect(score.passed).toBe(true);
  });
});
