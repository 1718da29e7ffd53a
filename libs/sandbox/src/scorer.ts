import { badInput } from '@registry/kernel';
import { rowIndexOf, Truth } from './generator';
import { ConfusionCounts, CounterfactualCounts, emptyConfusion, FN, FP, SandboxScore, scoreFromCounts, TN, TP } from './metrics';
import { ProtectedAttribute, SuiteThresholds } from './suites';

/** Stable codes of a refused prediction file (the app maps them to HTTP 400/413 with the same code). */
export const ScoringErrors = {
  malformedLine: (line: number, why: string) => badInput('SANDBOX.MALFORMED_LINE', `Line ${line}: ${why}.`, { line }),
  missingHeader: (expected: string) => badInput('SANDBOX.MISSING_HEADER', `The CSV must start with the header "${expected}".`),
  unknownRow: (line: number, rowId: string) =>
    badInput('SANDBOX.UNKNOWN_ROW', `Line ${line}: ${JSON.stringify(rowId.slice(0, 40))} is not a row of this suite.`, { line }),
  duplicateRow: (line: number, rowId: string) => badInput('SANDBOX.DUPLICATE_ROW', `Line ${line}: row ${rowId} was already predicted.`, { line }),
  invalidPrediction: (line: number) => badInput('SANDBOX.INVALID_PREDICTION', `Line ${line}: a prediction is 0 or 1.`, { line }),
  wrongRowCount: (expected: number, got: number) =>
    badInput('SANDBOX.WRONG_ROW_COUNT', `The suite has ${expected} rows; ${got} were predicted.`, { expected, got }),
};

/**
 * Joins predictions, by row id, with the regenerated truth and cells, keeping counts only: the confusion
 * counts of 6 cells, a bit per row against duplicates, and the counterfactual tallies. Memory is the
 * truth's 2 bytes a row plus 1 byte a row seen, whatever the order or the size of the input.
 */
export class PredictionScorer {
  private readonly confusion: ConfusionCounts = emptyConfusion();
  private readonly seen: Uint8Array;
  private readonly flips = new Map<ProtectedAttribute, { evaluated: number; flipped: number }>();
  private count = 0;

  constructor(
    private readonly truth: Truth,
    private readonly thresholds: SuiteThresholds,
  ) {
    this.seen = new Uint8Array(truth.size);
  }

  get predicted(): number {
    return this.count;
  }

  /** One prediction; `line` is where it came from, for the error a bad one gets. */
  add(rowId: string, prediction: unknown, line: number): void {
    const index = rowIndexOf(rowId, this.truth.size);
    if (index < 0) throw ScoringErrors.unknownRow(line, rowId);
    if (prediction !== 0 && prediction !== 1) throw ScoringErrors.invalidPrediction(line);
    this.addIndex(index, prediction, line, rowId);
  }

  addIndex(index: number, prediction: 0 | 1, line: number, rowId = String(index)): void {
    if (this.seen[index]) throw ScoringErrors.duplicateRow(line, rowId);
    this.seen[index] = 1;
    this.count++;
    const label = this.truth.labels[index];
    const k = prediction === 1 ? (label === 1 ? TP : FP) : label === 1 ? FN : TN;
    this.confusion[this.truth.cells[index] * 4 + k]++;
  }

  /** Endpoint mode: whether the decision on one row changed when only `attribute` changed. */
  addCounterfactual(attribute: ProtectedAttribute, flipped: boolean): void {
    const f = this.flips.get(attribute) ?? { evaluated: 0, flipped: 0 };
    this.flips.set(attribute, { evaluated: f.evaluated + 1, flipped: f.flipped + (flipped ? 1 : 0) });
  }

  /** Every metric and check; refuses a file that did not predict every row exactly once. */
  finish(): SandboxScore {
    if (this.count !== this.truth.size) throw ScoringErrors.wrongRowCount(this.truth.size, this.count);
    const counterfactual: CounterfactualCounts[] | null = this.flips.size === 0 ? null : [...this.flips].map(([attribute, f]) => ({ attribute, ...f }));
    return scoreFromCounts(this.confusion, counterfactual, this.thresholds);
  }
}
