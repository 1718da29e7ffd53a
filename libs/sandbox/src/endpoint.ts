import { Applicant } from './generator';
import { featureRecord } from './reference-models';
import { PredictionScorer } from './scorer';
import { AGE_BANDS, AgeBand, Sex, SuiteKind } from './suites';

/**
 * Endpoint mode, the pure part: which rows one call to a firm's model carries, and how its answers are
 * counted. Each applicant is asked as it is and with only one protected attribute changed (the other sex;
 * each other age band). Query ids are opaque (`<batch>.<k>`), so a model cannot tell an original from its
 * counterfactual copy.
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

export interface EndpointBatch {
  readonly rows: readonly EndpointQueryRow[];
  /** Per applicant: its row index and the query ids of the original, the sex flip and the age-band changes. */
  readonly plan: readonly { index: number; original: string; sexFlip: string; ageChanges: readonly string[] }[];
}

export const QUERIES_PER_APPLICANT = 1 + 1 + (AGE_BANDS.length - 1);

export const buildEndpointBatch = (suite: SuiteKind, batchNo: number, applicants: readonly Applicant[]): EndpointBatch => {
  const rows: EndpointQueryRow[] = [];
  const plan: EndpointBatch['plan'][number][] = [];
  let k = 0;
  const ask = (features: Record<string, number>, sex: Sex, ageBand: AgeBand) => {
    const id = `${batchNo}.${k++}`;
    rows.push({ id, features, sex, ageBand });
    return id;
  };
  for (const a of applicants) {
    const features = featureRecord(suite, a.features);
    const original = ask(features, a.sex, a.ageBand);
    const sexFlip = ask(features, a.sex === 'F' ? 'M' : 'F', a.ageBand);
    const ageChanges = AGE_BANDS.filter((b) => b !== a.ageBand).map((b) => ask(features, a.sex, b));
    plan.push({ index: a.index, original, sexFlip, ageChanges });
  }
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

/** Counts one answered batch into the scorer: the originals as predictions, the copies as counterfactual flips. */
export const scoreEndpointBatch = (batch: EndpointBatch, answers: ReadonlyMap<string, 0 | 1>, scorer: PredictionScorer): void => {
  for (const p of batch.plan) {
    const decision = answers.get(p.original)!;
    scorer.addIndex(p.index, decision, p.index + 1);
    scorer.addCounterfactual('sex', answers.get(p.sexFlip) !== decision);
    scorer.addCounterfactual(
      'ageBand',
      p.ageChanges.some((id) => answers.get(id) !== decision),
    );
  }
};
