/**
 * The sandbox's test suites: which synthetic population each one generates, and the thresholds a model's
 * decisions must meet. A suite *version* is content-addressed (see `suiteDigest` in generator.ts): the
 * SHA-256 of its canonical definition (these parameters, the generator and metric definitions' versions)
 * followed by every generated row. With generator version 2 the rows also depend on the registry's sandbox secret,
 * so the digest is a commitment only the secret's holders can check (docs/notes/sandbox.md).
 */
export const SUITE_KINDS = ['lending', 'hiring'] as const;
export type SuiteKind = (typeof SUITE_KINDS)[number];

export const SEXES = ['F', 'M'] as const;
export type Sex = (typeof SEXES)[number];
export const AGE_BANDS = ['18-29', '30-49', '50+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The protected attributes judged, each alone and intersected. */
export const PROTECTED_ATTRIBUTES = ['sex', 'ageBand'] as const;
export type ProtectedAttribute = (typeof PROTECTED_ATTRIBUTES)[number];
export const GROUPINGS = ['sex', 'ageBand', 'sex×ageBand'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/**
 * Bumped whenever the generator's output for the same parameters changes (it is part of the digest).
 * 1: randomness from the published parameters alone (xoroshiro128+ seeded with 32 bits of a hash of the suite and
 *    seed): anyone can regenerate every row's sex, age band and label, so a model can be made to pass. Kept only so
 *    versions published with it regenerate exactly as before.
 * 2: randomness from an AES-256-CTR keystream under a key the registry derives from its sandbox secret (never
 *    published): the parameters and the features do not determine the rest. Every new version uses it.
 */
export const GENERATOR_VERSIONS = [1, 2] as const;
export type GeneratorVersion = (typeof GENERATOR_VERSIONS)[number];
/** The generator new suite versions are published with. */
export const GENERATOR_VERSION: GeneratorVersion = 2;
/** The generator whose randomness anyone can recompute from the published parameters. */
export const PUBLIC_RANDOMNESS_GENERATOR_VERSION: GeneratorVersion = 1;
/** A suite version's generator: versions published before the field existed are version 1. */
export const generatorVersionOf = (p: Pick<SuiteParameters, 'generatorVersion'>): GeneratorVersion => p.generatorVersion ?? 1;
/** Bumped whenever a metric's definition changes (docs/notes/sandbox.md); part of the digest. */
export const METRICS_VERSION = 1;

/**
 * Pass thresholds. Differences are between-group (max − min over the judged groups, as Fairlearn's
 * `method='between_groups'`); the disparate impact ratio is min / max selection rate (Fairlearn's
 * `demographic_parity_ratio`; the four-fifths rule asks it to be at least 0.8).
 */
export interface SuiteThresholds {
  /** Four-fifths rule: min/max selection rate across groups must be at least this. */
  readonly disparateImpactMin: number;
  readonly demographicParityMaxDiff: number;
  readonly equalOpportunityMaxDiff: number;
  readonly equalizedOddsMaxDiff: number;
  /** Endpoint mode only: the share of rows whose decision changes when only one protected attribute changes. */
  readonly counterfactualFlipMax: number;
  /** Safety floor: a model must decide better than this overall (a constant answer is trivially "fair"). */
  readonly accuracyMin: number;
  /** Groups with fewer rows (or, for rate metrics, fewer rows in the rate's denominator) are flagged, not judged. */
  readonly minGroupSize: number;
}

export const DEFAULT_THRESHOLDS: SuiteThresholds = {
  disparateImpactMin: 0.8,
  demographicParityMaxDiff: 0.1,
  equalOpportunityMaxDiff: 0.1,
  equalizedOddsMaxDiff: 0.1,
  counterfactualFlipMax: 0.01,
  accuracyMin: 0.6,
  minGroupSize: 30,
};

/** What a registrar chooses when publishing a suite version; the rows follow deterministically. */
export interface SuiteParameters {
  readonly suite: SuiteKind;
  /** Absent on versions published before generator version 2 (they are version 1); part of the digest. */
  readonly generatorVersion?: GeneratorVersion;
  /** Any unsigned 32-bit integer. */
  readonly seed: number;
  /** Number of synthetic applicants (rows). */
  readonly size: number;
  /** Share of applicants whose ground truth is positive (would repay / would succeed in the job). */
  readonly baseRate: number;
  /**
   * Difference in base rate between women and men (F minus M), each sex's rate being baseRate ± gap/2.
   * 0 (the default) generates a world where the truth does not depend on sex.
   */
  readonly sexBaseRateGap: number;
  readonly thresholds: SuiteThresholds;
}

export const SUITE_SIZE_MIN = 100;
export const SUITE_SIZE_MAX = 2_000_000;

/** Problems with a parameter set (empty: valid). Field names as in SuiteParameters. */
export const parameterProblems = (p: SuiteParameters): { field: string; problem: string }[] => {
  const problems: { field: string; problem: string }[] = [];
  const bad = (field: string, problem: string) => problems.push({ field, problem });
  if (!(SUITE_KINDS as readonly string[]).includes(p.suite)) bad('suite', `must be one of ${SUITE_KINDS.join(', ')}`);
  if (p.generatorVersion !== undefined && !(GENERATOR_VERSIONS as readonly unknown[]).includes(p.generatorVersion))
    bad('generatorVersion', `must be one of ${GENERATOR_VERSIONS.join(', ')}`);
  if (!Number.isInteger(p.seed) || p.seed < 0 || p.seed > 0xffffffff) bad('seed', 'must be an integer from 0 to 4294967295');
  if (!Number.isInteger(p.size) || p.size < SUITE_SIZE_MIN || p.size > SUITE_SIZE_MAX)
    bad('size', `must be an integer from ${SUITE_SIZE_MIN} to ${SUITE_SIZE_MAX}`);
  if (!(p.baseRate >= 0.05 && p.baseRate <= 0.95)) bad('baseRate', 'must be from 0.05 to 0.95');
  const low = p.baseRate - Math.abs(p.sexBaseRateGap) / 2;
  const high = p.baseRate + Math.abs(p.sexBaseRateGap) / 2;
  if (!Number.isFinite(p.sexBaseRateGap) || low < 0.01 || high > 0.99) bad('sexBaseRateGap', 'must keep each sex’s base rate within 0.01 to 0.99');
  const t = p.thresholds;
  const unit = (field: keyof SuiteThresholds) => {
    const v = t[field];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) bad(`thresholds.${field}`, 'must be from 0 to 1');
  };
  (
    ['disparateImpactMin', 'demographicParityMaxDiff', 'equalOpportunityMaxDiff', 'equalizedOddsMaxDiff', 'counterfactualFlipMax', 'accuracyMin'] as const
  ).forEach(unit);
  if (!Number.isInteger(t.minGroupSize) || t.minGroupSize < 1 || t.minGroupSize > 100_000)
    bad('thresholds.minGroupSize', 'must be an integer from 1 to 100000');
  return problems;
};
