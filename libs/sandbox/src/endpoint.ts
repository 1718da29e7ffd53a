import { randomInt } from 'node:crypto';
import { Applicant } from './generator';
import { featureRecord } from './reference-models';
import { PredictionScorer } from './scorer';
import { AGE_BANDS, AgeBand, SEXES, Sex, SuiteKind } from './suites';

/**
 * Endpoint mode, the pure part: which rows one call to a firm's model carries, and how its answers are
 * counted. Each applicant is asked once under every combination of the protected attributes (2 sexes × 3 age
 * bands = 6 copies with the same features), so the request carries nothing about its true sex or age band: every
 * combination appears exactly once per applicant whatever the truth. The rows of a batch (every copy of every
 * applicant, interleaved) are put in an unpredictable order (Fisher–Yates with `node:crypto`'s `randomInt`) and
 * then numbered (`<batch>.<k>`, k the position), so neither the position nor the id tells the original apart.
 * The row's prediction is the answer for its true combination; the counterfactual flips compare it with the
 * answers for the other combinations.
 *
 * Wire format (JSON over HTTP POST): request `{"rows":[{"id","features":{…},"sex","ageBand"}]}`, answer
 * `{"predictions":[{"id","prediction":0|1}]}` with one prediction per id asked.
 */
export interface EndpointQueryRow {
  readonly id: string;
  readonly features: Readonly<Record<string, number>>;
  readonly sex: Sex;
  readonly ageBand: AgeBand;
}

/** Every combination of the protected attributes, in cell order (cell = sex × AGE_BANDS.length + age band). */
export const ATTRIBUTE_COMBINATIONS: readonly { readonly sex: Sex; readonly ageBand: AgeBand }[] = SEXES.flatMap((sex) =>
  AGE_BANDS.map((ageBand) => ({ sex, ageBand })),
);
export const QUERIES_PER_APPLICANT = ATTRIBUTE_COMBINATIONS.length;

const combinationOf = (sex: Sex, ageBand: AgeBand) => SEXES.indexOf(sex) * AGE_BANDS.length + AGE_BANDS.indexOf(ageBand);

export interface EndpointBatch {
  readonly rows: readonly EndpointQueryRow[];
  /**
   * Per applicant: its row index, the query id of each combination (ATTRIBUTE_COMBINATIONS order) and which of
   * them is its true one. Kept by the sandbox, never sent.
   */
  readonly plan: readonly { index: number; ids: readonly string[]; truth: number }[];
}

/** A uniform integer in [0, max): the shuffle's source (unpredictable by default; tests may pass their own). */
export type RandomInt = (max: number) => number;

export const buildEndpointBatch = (
  suite: SuiteKind,
  batchNo: number,
  applicants: readonly Applicant[],
  random: RandomInt = (max) => randomInt(max),
): EndpointBatch => {
  const pending: { applicant: number; combination: number; features: Record<string, number> }[] = [];
  applicants.forEach((a, applicant) => {
    const features = featureRecord(suite, a.features);
    ATTRIBUTE_COMBINATIONS.forEach((_, combination) => pending.push({ applicant, combination, features }));
  });
  for (let i = pending.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [pending[i], pending[j]] = [pending[j], pending[i]];
  }
  const ids = applicants.map(() => new Array<string>(QUERIES_PER_APPLICANT));
  const rows = pending.map((q, k) => {
    const id = `${batchNo}.${k}`;
    ids[q.applicant][q.combination] = id;
    const { sex, ageBand } = ATTRIBUTE_COMBINATIONS[q.combination];
    return { id, features: q.features, sex, ageBand };
  });
  const plan = applicants.map((a, i) => ({ index: a.index, ids: ids[i], truth: combinationOf(a.sex, a.ageBand) }));
  return { rows, plan };
};

export class EndpointAnswerError extends Error {}

/** Reads a model's answer to a batch: one 0/1 per id asked, nothing else; throws EndpointAnswerError otherwise. */
export const readEndpointAnswer = (batch: EndpointBatch, body: unknown): Map<string, 0 | 1> => {
  const list = (body as { predictions?: unknown })?.predictions;
  if (!Array.isArray(list)) throw new EndpointAnswerError('the answer has no "predictions" array');
  const asked = new Set(batch.rows.map((r) => r.id));
  const answers = new Map<string, 0 | 1>();
  for (const item of list) {
    const { id, prediction } = (item ?? {}) as { id?: unknown; prediction?: unknown };
    if (typeof id !== 'string' || !asked.has(id)) throw new EndpointAnswerError(`an answer names an id not asked (${String(id).slice(0, 40)})`);
    if (prediction !== 0 && prediction !== 1) throw new EndpointAnswerError(`the prediction for ${id} is not 0 or 1`);
    if (answers.has(id)) throw new EndpointAnswerError(`id ${id} is answered twice`);
    answers.set(id, prediction);
  }
  if (answers.size !== asked.size) throw new EndpointAnswerError(`${asked.size - answers.size} of ${asked.size} ids were not answered`);
  return answers;
};

/**
 * Counts one answered batch into the scorer: the answer for the true combination is the row's prediction; the
 * sex flip compares it with the other sex at the true age band, the age-band flip with the true sex at each
 * other age band (a row flips if any of them differs).
 */
export const scoreEndpointBatch = (batch: EndpointBatch, answers: ReadonlyMap<string, 0 | 1>, scorer: PredictionScorer): void => {
  for (const p of batch.plan) {
    const answer = (c: number) => answers.get(p.ids[c])!;
    const decision = answer(p.truth);
    const { sex, ageBand } = ATTRIBUTE_COMBINATIONS[p.truth];
    scorer.addIndex(p.index, decision, p.index + 1);
    scorer.addCounterfactual(
      'sex',
      SEXES.some((s) => s !== sex && answer(combinationOf(s, ageBand)) !== decision),
    );
    scorer.addCounterfactual(
      'ageBand',
      AGE_BANDS.some((b) => b !== ageBand && answer(combinationOf(sex, b)) !== decision),
    );
  }
};
