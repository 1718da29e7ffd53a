import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import canonicalize from 'canonicalize';
import { xoroshiro128plus } from 'pure-rand';
import { AGE_BANDS, AgeBand, generatorVersionOf, METRICS_VERSION, SEXES, Sex, SuiteKind, SuiteParameters } from './suites';

/**
 * The synthetic applicant generator. Deterministic: the same parameters (and, for generator version 2, the same
 * suite key) give the same rows, byte for byte, on any machine (no Math.random, no clock).
 *
 * Where the uniforms come from depends on the suite version's generator version:
 * - 1 (public randomness, kept for the versions published with it): a xoroshiro128+ from pure-rand seeded with
 *   32 bits of SHA-256 of the suite and seed. Anyone with the published parameters regenerates every row, labels
 *   and protected attributes included, and even without the seed 2^32 candidates can be tried against the
 *   downloadable features: a model can be made to pass.
 * - 2 (keyed): the AES-256-CTR keystream of a 256-bit suite key (zero IV: each key encrypts one stream, so the
 *   counter never repeats under a key). The key is derived by the registry (`deriveSuiteKey`, HMAC-SHA256 of its
 *   sandbox secret and the suite version) and never published; without it the keystream is indistinguishable from
 *   random, so the features say nothing about the rows' labels, sex or age band beyond what the world's
 *   distributions themselves say.
 *
 * The world it draws (per row, in this order, from one stream of uniforms):
 * 1. sex: F or M with probability 1/2 each; age band: 18-29 (30%), 30-49 (45%), 50+ (25%);
 * 2. ground truth y ∈ {0,1}: Bernoulli(baseRate + gap/2) for F, Bernoulli(baseRate − gap/2) for M;
 * 3. each *predictive* feature: mean + sep·(y ? +1 : −1) + sd·N(0,1), clamped and rounded. It depends on y
 *    only, never on sex or age: a model that uses these features alone is fair whenever the gap is 0;
 * 4. one *proxy* feature (the planted-bias case): drawn from a distribution that depends on sex only, with no
 *    bearing on y. A model that leans on it discriminates by sex without ever seeing sex.
 * Normal deviates come from the Box–Muller transform over two uniforms.
 */
export interface FeatureSpec {
  readonly name: string;
  readonly description: string;
  readonly mean: number;
  /** Half the distance between the means of the two truths (in the feature's unit); negative: lower is better. */
  readonly sep: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  readonly decimals: number;
}

export interface ProxySpec {
  readonly name: string;
  readonly description: string;
  readonly bySex: Readonly<Record<Sex, { mean: number; sd: number }>>;
  readonly min: number;
  readonly max: number;
  readonly decimals: number;
}

export const SUITE_FEATURES: Readonly<Record<SuiteKind, { readonly predictive: readonly FeatureSpec[]; readonly proxy: ProxySpec }>> = {
  lending: {
    predictive: [
      { name: 'monthlyIncome', description: 'Monthly income, thousand HKD', mean: 30, sep: 8, sd: 10, min: 5, max: 200, decimals: 1 },
      { name: 'debtToIncome', description: 'Monthly debt service over income', mean: 0.35, sep: -0.08, sd: 0.1, min: 0, max: 1.5, decimals: 3 },
      { name: 'creditHistoryYears', description: 'Years of credit history', mean: 8, sep: 3, sd: 4, min: 0, max: 50, decimals: 1 },
      { name: 'existingLoans', description: 'Number of loans outstanding', mean: 2, sep: -0.6, sd: 1.2, min: 0, max: 20, decimals: 0 },
    ],
    proxy: {
      name: 'partTimeYears',
      description: 'Years of part-time employment (no bearing on repayment; correlated with sex)',
      bySex: { F: { mean: 4, sd: 2 }, M: { mean: 1, sd: 1 } },
      min: 0,
      max: 40,
      decimals: 1,
    },
  },
  hiring: {
    predictive: [
      { name: 'yearsExperience', description: 'Years of relevant experience', mean: 6, sep: 2.5, sd: 4, min: 0, max: 45, decimals: 1 },
      { name: 'skillsTestScore', description: 'Skills test score, 0 to 100', mean: 60, sep: 8, sd: 12, min: 0, max: 100, decimals: 0 },
      { name: 'interviewScore', description: 'Structured interview score, 1 to 5', mean: 3, sep: 0.5, sd: 0.8, min: 1, max: 5, decimals: 2 },
      { name: 'certifications', description: 'Professional certifications held', mean: 1.5, sep: 0.6, sd: 1.2, min: 0, max: 15, decimals: 0 },
    ],
    proxy: {
      name: 'careerGapMonths',
      description: 'Months of career breaks (no bearing on job success; correlated with sex)',
      bySex: { F: { mean: 14, sd: 8 }, M: { mean: 3, sd: 3 } },
      min: 0,
      max: 240,
      decimals: 0,
    },
  },
};

/** The feature names of a suite, in column order (predictive features, then the proxy). */
export const featureNames = (suite: SuiteKind): string[] => [...SUITE_FEATURES[suite].predictive.map((f) => f.name), SUITE_FEATURES[suite].proxy.name];

export interface Applicant {
  readonly index: number;
  readonly rowId: string;
  readonly sex: Sex;
  readonly ageBand: AgeBand;
  readonly label: 0 | 1;
  /** Feature values in `featureNames(suite)` order. */
  readonly features: readonly number[];
}

const ROW_ID = /^row-(\d{7})$/;
export const rowIdOf = (index: number): string => `row-${String(index + 1).padStart(7, '0')}`;
/** The row index a row id names, or -1 if it is not a row id of a suite of this size. */
export const rowIndexOf = (rowId: string, size: number): number => {
  const m = ROW_ID.exec(rowId);
  if (!m) return -1;
  const index = Number(m[1]) - 1;
  return index >= 0 && index < size ? index : -1;
};

/** Sex × age band as one small integer (sex-major), the cell the scorer counts in. */
export const cellOf = (sex: Sex, ageBand: AgeBand): number => SEXES.indexOf(sex) * AGE_BANDS.length + AGE_BANDS.indexOf(ageBand);
export const CELL_COUNT = SEXES.length * AGE_BANDS.length;

// Generator version 1's seed: the literal 1 is that version's, not the current one (its digests must not move).
const seed32 = (p: Pick<SuiteParameters, 'suite' | 'seed'>) => createHash('sha256').update(`hk-ai-sandbox:${p.suite}:${p.seed}:1`).digest().readUInt32BE(0);

/** Bytes of a suite key (AES-256). */
export const SUITE_KEY_BYTES = 32;
/** Bytes of the registry's sandbox secret the suite keys are derived from. */
export const SANDBOX_SECRET_BYTES = 32;

/**
 * A suite version's key (generator version 2): HMAC-SHA256 over the RFC 8785 JSON of what names the version,
 * keyed with the registry's sandbox secret. One key per suite version (the version label is in it), so revealing
 * one superseded version's key reveals nothing about any other version, even one with the same seed.
 */
export const deriveSuiteKey = (secret: Uint8Array, v: { suite: SuiteKind; version: string; seed: number }): Buffer => {
  if (secret.length !== SANDBOX_SECRET_BYTES) throw new Error(`the sandbox secret must be ${SANDBOX_SECRET_BYTES} bytes`);
  const label = canonicalize({ kind: 'hk-ai-sandbox-suite-key', generatorVersion: 2, suite: v.suite, version: v.version, seed: v.seed })!;
  return createHmac('sha256', secret).update(label).digest();
};

/** 32-bit unsigned integers from the AES-256-CTR keystream of `key`, 64 KB of keystream at a time. */
const keyedStream = (key: Uint8Array): (() => number) => {
  if (key.length !== SUITE_KEY_BYTES) throw new Error(`a suite key is ${SUITE_KEY_BYTES} bytes`);
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(65_536);
  let block = Buffer.alloc(0);
  let at = 0;
  return () => {
    if (at === block.length) {
      block = cipher.update(zeros);
      at = 0;
    }
    const value = block.readUInt32BE(at);
    at += 4;
    return value;
  };
};

/** The source of a suite version's 32-bit draws; `key` is required for generator version 2 and ignored for 1. */
const drawsOf = (p: SuiteParameters, key: Uint8Array | undefined): (() => number) => {
  if (generatorVersionOf(p) === 1) {
    const rng = xoroshiro128plus(seed32(p));
    return () => rng.unsafeNext() >>> 0;
  }
  if (!key) throw new Error('a suite of generator version 2 is generated with its suite key');
  return keyedStream(key);
};

const round = (x: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};
const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));

/**
 * Every applicant of a suite, in row order. `key`: the suite version's key (`deriveSuiteKey`), needed for generator
 * version 2; a version-1 suite needs none.
 */
export function* generateApplicants(p: SuiteParameters, key?: Uint8Array): Generator<Applicant> {
  const draw = drawsOf(p, key);
  // (k + 0.5) / 2^32: a uniform in (0, 1), never 0 (Box–Muller takes its log).
  const uniform = () => (draw() + 0.5) / 4294967296;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const { predictive, proxy } = SUITE_FEATURES[p.suite];
  for (let index = 0; index < p.size; index++) {
    const sex: Sex = uniform() < 0.5 ? 'F' : 'M';
    const a = uniform();
    const ageBand: AgeBand = a < 0.3 ? '18-29' : a < 0.75 ? '30-49' : '50+';
    const rate = p.baseRate + (sex === 'F' ? 1 : -1) * (p.sexBaseRateGap / 2);
    const label: 0 | 1 = uniform() < rate ? 1 : 0;
    const sign = label === 1 ? 1 : -1;
    const features = predictive.map((f) => round(clamp(f.mean + f.sep * sign + f.sd * normal(), f.min, f.max), f.decimals));
    const d = proxy.bySex[sex];
    features.push(round(clamp(Math.abs(d.mean + d.sd * normal()), proxy.min, proxy.max), proxy.decimals));
    yield { index, rowId: rowIdOf(index), sex, ageBand, label, features };
  }
}

/** What the scorer joins predictions with: per row its truth and its cell, regenerated (never stored): 2 bytes a row. */
export interface Truth {
  readonly size: number;
  readonly labels: Uint8Array;
  readonly cells: Uint8Array;
}

/** Rows generated between two turns of the event loop by the `…Yielding` variants (a few milliseconds of work). */
export const ROWS_PER_TURN = 8_192;

/**
 * Work over every row of a suite, as steps: it yields after each `ROWS_PER_TURN` rows and returns its result. Run
 * at once (`done`) or with a turn of the event loop between steps (`doneYielding`): a 1M-row suite takes seconds
 * of CPU, which a server must not spend in one go (every other request would wait). Same result either way.
 */
type Steps<T> = Generator<void, T, void>;
const done = <T>(steps: Steps<T>): T => {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
};
const doneYielding = async <T>(steps: Steps<T>): Promise<T> => {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
  }
};

function* truthSteps(p: SuiteParameters, key?: Uint8Array): Steps<Truth> {
  const labels = new Uint8Array(p.size);
  const cells = new Uint8Array(p.size);
  for (const a of generateApplicants(p, key)) {
    labels[a.index] = a.label;
    cells[a.index] = cellOf(a.sex, a.ageBand);
    if ((a.index + 1) % ROWS_PER_TURN === 0) yield;
  }
  return { size: p.size, labels, cells };
}

export const regenerateTruth = (p: SuiteParameters, key?: Uint8Array): Truth => done(truthSteps(p, key));

/** `regenerateTruth`, giving the event loop a turn every `ROWS_PER_TURN` rows. */
export const regenerateTruthYielding = (p: SuiteParameters, key?: Uint8Array): Promise<Truth> => doneYielding(truthSteps(p, key));

/** The canonical bytes of the definition part: RFC 8785 (JCS) JSON of the parameters and the definitions' versions. */
export const canonicalDefinition = (p: SuiteParameters): string =>
  canonicalize({
    kind: 'hk-ai-sandbox-suite',
    generatorVersion: generatorVersionOf(p),
    metricsVersion: METRICS_VERSION,
    suite: p.suite,
    seed: p.seed,
    size: p.size,
    baseRate: p.baseRate,
    sexBaseRateGap: p.sexBaseRateGap,
    thresholds: p.thresholds,
    columns: ['rowId', 'sex', 'ageBand', 'label', ...featureNames(p.suite)],
  })!;

/** One row's canonical bytes: its CSV line (numbers in JavaScript's shortest round-trip form), LF-terminated. */
export const canonicalRow = (a: Applicant): string => `${a.rowId},${a.sex},${a.ageBand},${a.label},${a.features.join(',')}\n`;

/**
 * The suite version's content address: `sha256:` + hex SHA-256 over the canonical definition, a LF, then
 * every row's canonical line. Generator version 1: anyone holding the parameters can recompute it. Version 2: it is
 * a commitment to the generated rows (labels and protected attributes included) that whoever holds the suite key
 * (the registry, from its sandbox secret; anyone once the key is revealed) can check.
 */
function* digestSteps(p: SuiteParameters, key?: Uint8Array): Steps<string> {
  const hash = createHash('sha256').update(canonicalDefinition(p)).update('\n');
  let chunk = '';
  for (const a of generateApplicants(p, key)) {
    chunk += canonicalRow(a);
    if (chunk.length > 65_536) {
      hash.update(chunk);
      chunk = '';
    }
    if ((a.index + 1) % ROWS_PER_TURN === 0) yield;
  }
  return `sha256:${hash.update(chunk).digest('hex')}`;
}

export const suiteDigest = (p: SuiteParameters, key?: Uint8Array): string => done(digestSteps(p, key));

/** `suiteDigest`, giving the event loop a turn every `ROWS_PER_TURN` rows (see `regenerateTruthYielding`). */
export const suiteDigestYielding = (p: SuiteParameters, key?: Uint8Array): Promise<string> => doneYielding(digestSteps(p, key));

/** The downloadable features (CSV, header first): row id and features only; sex, age band and truth stay inside. */
export function* featuresCsv(p: SuiteParameters, key?: Uint8Array): Generator<string> {
  yield `rowId,${featureNames(p.suite).join(',')}\n`;
  for (const a of generateApplicants(p, key)) yield `${a.rowId},${a.features.join(',')}\n`;
}
