import fc from 'fast-check';
import { RegistryError } from '@registry/kernel';
import { buildEndpointBatch, readEndpointAnswer, scoreEndpointBatch, EndpointAnswerError } from './endpoint';
import {
  Applicant,
  canonicalDefinition,
  canonicalRow,
  deriveSuiteKey,
  featuresCsv as featuresCsvWith,
  featureNames,
  generateApplicants as generateWith,
  regenerateTruth as regenerateTruthWith,
  regenerateTruthYielding as regenerateTruthYieldingWith,
  ROWS_PER_TURN,
  rowIdOf,
  rowIndexOf,
  suiteDigest as suiteDigestWith,
  suiteDigestYielding as suiteDigestYieldingWith,
} from './generator';
import { failedChecks } from './metrics';
import { parsePredictions } from './parsers';
import { featureRecord, referenceModel, ReferenceModelKind } from './reference-models';
import { PredictionScorer } from './scorer';
import { DEFAULT_THRESHOLDS, parameterProblems, SuiteKind, SuiteParameters } from './suites';

const params = (over: Partial<SuiteParameters> = {}): SuiteParameters => ({
  suite: 'lending',
  generatorVersion: 2,
  seed: 7,
  size: 2000,
  baseRate: 0.5,
  sexBaseRateGap: 0,
  thresholds: DEFAULT_THRESHOLDS,
  ...over,
});

/** A registry's sandbox secret, for these tests; each suite version's key is derived from it as the app does. */
const SECRET = Buffer.alloc(32, 7);
const keyOf = (p: SuiteParameters, secret: Uint8Array = SECRET) => deriveSuiteKey(secret, { suite: p.suite, version: 'test-1', seed: p.seed });
// The generator as the registry runs it: each suite version with its own key (a version-1 suite ignores it).
const generateApplicants = (p: SuiteParameters) => generateWith(p, keyOf(p));
const regenerateTruth = (p: SuiteParameters) => regenerateTruthWith(p, keyOf(p));
const regenerateTruthYielding = (p: SuiteParameters) => regenerateTruthYieldingWith(p, keyOf(p));
const suiteDigest = (p: SuiteParameters) => suiteDigestWith(p, keyOf(p));
const suiteDigestYielding = (p: SuiteParameters) => suiteDigestYieldingWith(p, keyOf(p));
const featuresCsv = (p: SuiteParameters) => featuresCsvWith(p, keyOf(p));

const codeOf = async (run: () => Promise<unknown>) => {
  try {
    await run();
  } catch (e) {
    if (e instanceof RegistryError) return e.code;
    throw e;
  }
  return 'NO_ERROR';
};

async function* chunks(text: string, size = 97) {
  for (let i = 0; i < text.length; i += size) yield Buffer.from(text.slice(i, i + size));
}

/** Scores an uploaded file's text the way the app does: parse as it streams, add as it parses. */
const scoreText = async (p: SuiteParameters, format: 'csv' | 'jsonl', text: string, chunkSize = 97) => {
  const scorer = new PredictionScorer(regenerateTruth(p), p.thresholds);
  for await (const { rowId, prediction, line } of parsePredictions(format, chunks(text, chunkSize))) scorer.add(rowId, prediction, line);
  return scorer.finish();
};

const predictions = (p: SuiteParameters, kind: ReferenceModelKind) => {
  const model = referenceModel(p.suite, kind);
  return [...generateApplicants(p)].map((a) => ({
    rowId: a.rowId,
    prediction: model({ features: featureRecord(p.suite, a.features), sex: a.sex, ageBand: a.ageBand }),
  }));
};
const csv = (rows: { rowId: string; prediction: number }[]) => `rowId,prediction\n${rows.map((r) => `${r.rowId},${r.prediction}`).join('\n')}\n`;
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n');

describe('generator version 2: randomness keyed by the registry’s sandbox secret (issue 10, P1)', () => {
  const p = params({ size: 2000 });
  const features = (rows: Iterable<Applicant>) => [...rows].map((a) => a.features.join(','));
  const published = { ...p }; // what TestSuitePublished and sandboxSuite carry: every parameter, the seed included

  it('the published parameters and the public (version 1) generator do not reproduce the features, let alone the labels', () => {
    const downloaded = features(generateApplicants(p));
    const publicRows = [...generateWith({ ...published, generatorVersion: 1 })];
    expect(features(publicRows)).not.toEqual(downloaded);
    // Not a single row's features coincide, and the public labels are no better than chance against the real ones.
    const real = [...generateApplicants(p)];
    expect(publicRows.filter((a, i) => a.features.join(',') === downloaded[i])).toHaveLength(0);
    const agree = publicRows.filter((a, i) => a.label === real[i].label).length / p.size;
    expect(agree).toBeGreaterThan(0.45);
    expect(agree).toBeLessThan(0.55);
  });

  it('cannot be generated without the suite key, nor with a key of the wrong length', () => {
    expect(() => generateWith(p).next()).toThrow(/suite key/);
    expect(() => suiteDigestWith(p)).toThrow(/suite key/);
    expect(() => generateWith(p, Buffer.alloc(16)).next()).toThrow(/32 bytes/);
    expect(() => deriveSuiteKey(Buffer.alloc(31), { suite: 'lending', version: 'v', seed: 1 })).toThrow(/32 bytes/);
  });

  it('the same secret gives the same rows and digest; another secret, another dataset', () => {
    expect(suiteDigestWith(p, keyOf(p))).toBe(suiteDigestWith(p, keyOf(p, Buffer.alloc(32, 7))));
    const other = Buffer.alloc(32, 8);
    expect(suiteDigestWith(p, keyOf(p, other))).not.toBe(suiteDigest(p));
    const mine = [...generateApplicants(p)];
    const theirs = [...generateWith(p, keyOf(p, other))];
    expect(theirs.filter((a, i) => a.features.join(',') === mine[i].features.join(','))).toHaveLength(0);
  });

  it('derives one key per suite version: the version label, the suite and the seed each change it', () => {
    const k = (over: object) => deriveSuiteKey(SECRET, { suite: 'lending', version: '2026.1', seed: 1, ...over }).toString('hex');
    expect(new Set([k({}), k({ version: '2026.2' }), k({ suite: 'hiring' }), k({ seed: 2 })]).size).toBe(4);
    expect(k({})).toBe(k({}));
  });

  it('names its generator in the digest: the same key under version 1 and 2 addresses different contents', () => {
    expect(canonicalDefinition(p)).toContain('"generatorVersion":2');
    expect(suiteDigestWith({ ...p, generatorVersion: 1 }, keyOf(p))).not.toBe(suiteDigest(p));
  });

  it('keeps the world it draws: base rate, proxy by sex, group shares', () => {
    const rows = [...generateApplicants(params({ size: 20000, baseRate: 0.3 }))];
    expect(rows.filter((a) => a.label === 1).length / rows.length).toBeCloseTo(0.3, 1);
    expect(rows.filter((a) => a.sex === 'F').length / rows.length).toBeCloseTo(0.5, 1);
    expect(rows.filter((a) => a.ageBand === '30-49').length / rows.length).toBeCloseTo(0.45, 1);
  });
});

describe('generator version 1 (public randomness): versions published with it regenerate exactly as before', () => {
  // Digests computed by the generator as it was before version 2 existed (commit cbc3cc8): they must never move.
  const legacy = (over: Partial<SuiteParameters> = {}): SuiteParameters => {
    const { generatorVersion: _v, ...rest } = params(over);
    return rest;
  };

  it('gives the same digests and rows, with the field absent (old events) or 1', () => {
    for (const p of [legacy(), { ...legacy(), generatorVersion: 1 as const }]) {
      expect(suiteDigestWith(p)).toBe('sha256:3fb75165d6fe32dbd0b7469108d40c96c046a04edff7a19201c8e549db4bb68a');
      expect(canonicalRow(generateWith(p).next().value as Applicant)).toBe('row-0000001,M,30-49,0,35.5,0.182,8.7,2,0.3\n');
    }
    expect(suiteDigestWith(legacy({ suite: 'hiring', seed: 2026, size: 500, baseRate: 0.3, sexBaseRateGap: 0.1 }))).toBe(
      'sha256:78c637b420f32fec4473b2ff1f2480e083f95a05b152b689e643dc21881fb2c8',
    );
    expect(suiteDigestWith(legacy({ seed: 2026 }))).toBe('sha256:57c3a8e407fa59296fc59792b76732c7224d1f65e280d5fb99150ddb135572be');
    // A key passed by mistake changes nothing for a version-1 suite.
    expect(suiteDigestWith(legacy(), SECRET)).toBe(suiteDigestWith(legacy()));
  });

  it('scores as before: the fair model passes and the planted bias fails the seed-7 suite', async () => {
    const p = legacy();
    const model = (kind: ReferenceModelKind) =>
      [...generateWith(p)].map((a) => ({ rowId: a.rowId, prediction: referenceModel(p.suite, kind)({ features: featureRecord(p.suite, a.features) }) }));
    const score = async (kind: ReferenceModelKind) => {
      const scorer = new PredictionScorer(regenerateTruthWith(p), p.thresholds);
      for (const r of model(kind)) scorer.add(r.rowId, r.prediction, 1);
      return scorer.finish();
    };
    expect((await score('fair')).passed).toBe(true);
    expect(failedChecks(await score('proxy-biased'))).toContain('DISPARATE_IMPACT_RATIO(sex)');
  });

  it('accepts generator versions 1 and 2 only', () => {
    expect(parameterProblems({ ...params(), generatorVersion: 3 as never }).map((x) => x.field)).toEqual(['generatorVersion']);
    expect(parameterProblems(legacy())).toEqual([]);
  });
});

describe('the applicant generator', () => {
  it('is deterministic: same parameters, same rows and digest', () => {
    expect([...generateApplicants(params({ size: 200 }))]).toEqual([...generateApplicants(params({ size: 200 }))]);
    expect(suiteDigest(params())).toBe(suiteDigest(params()));
    expect(suiteDigest(params())).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('has yielding variants that give the same bytes and let the event loop run between slices of rows', async () => {
    const p = params({ size: ROWS_PER_TURN * 3 + 17 });
    // A callback queued on the event loop runs only when the computation gives the loop a turn.
    let turns = 0;
    const tick = () => {
      turns++;
      timer = setImmediate(tick);
    };
    let timer = setImmediate(tick);
    try {
      expect(await suiteDigestYielding(p)).toBe(suiteDigest(p));
      const afterDigest = turns;
      expect(afterDigest).toBeGreaterThanOrEqual(3);
      expect(await regenerateTruthYielding(p)).toEqual(regenerateTruth(p));
      expect(turns - afterDigest).toBeGreaterThanOrEqual(3);
    } finally {
      clearImmediate(timer);
    }
    // The synchronous ones hold the loop for the whole suite: the same probe sees no turn.
    turns = 0;
    timer = setImmediate(tick);
    suiteDigest(p);
    regenerateTruth(p);
    expect(turns).toBe(0);
    clearImmediate(timer);
  });

  it('addresses a version by its content: any parameter, threshold or suite changes the digest', () => {
    const base = suiteDigest(params());
    for (const other of [
      params({ seed: 8 }),
      params({ size: 2001 }),
      params({ baseRate: 0.4 }),
      params({ sexBaseRateGap: 0.1 }),
      params({ suite: 'hiring' }),
      params({ thresholds: { ...DEFAULT_THRESHOLDS, disparateImpactMin: 0.9 } }),
    ])
      expect(suiteDigest(other)).not.toBe(base);
  });

  it('honours the base rate, per sex when a gap is asked for', () => {
    const rate = (p: SuiteParameters, sex?: string) => {
      const rows = [...generateApplicants(p)].filter((a) => !sex || a.sex === sex);
      return rows.filter((a) => a.label === 1).length / rows.length;
    };
    expect(rate(params({ size: 20000, baseRate: 0.3 }))).toBeCloseTo(0.3, 1);
    const gap = params({ size: 20000, baseRate: 0.5, sexBaseRateGap: 0.2 });
    expect(rate(gap, 'F')).toBeCloseTo(0.6, 1);
    expect(rate(gap, 'M')).toBeCloseTo(0.4, 1);
  });

  it('offers features only for download: no sex, age band or truth', () => {
    const lines = [...featuresCsv(params({ size: 100 }))].join('').trim().split('\n');
    expect(lines[0]).toBe(`rowId,${featureNames('lending').join(',')}`);
    expect(lines).toHaveLength(101);
    expect(lines.join('\n')).not.toMatch(/,(F|M|18-29|30-49|50\+),/);
    expect(canonicalDefinition(params())).toContain('"metricsVersion":1');
  });

  it('names rows row-0000001… and reads them back, refusing anything else', () => {
    expect(rowIdOf(0)).toBe('row-0000001');
    expect(rowIndexOf('row-0000001', 10)).toBe(0);
    expect(rowIndexOf('row-0000011', 10)).toBe(-1);
    expect(rowIndexOf('row-0000000', 10)).toBe(-1);
    expect(rowIndexOf('row-1', 10)).toBe(-1);
  });

  it('validates parameters', () => {
    expect(parameterProblems(params())).toEqual([]);
    expect(
      parameterProblems(params({ size: 5, seed: -1, baseRate: 1, thresholds: { ...DEFAULT_THRESHOLDS, minGroupSize: 0, accuracyMin: 2 } })).map((p) => p.field),
    ).toEqual(['seed', 'size', 'baseRate', 'sexBaseRateGap', 'thresholds.accuracyMin', 'thresholds.minGroupSize']);
  });
});

describe('the streaming scorer', () => {
  const p = params();
  const fair = predictions(p, 'fair');

  it('scores CSV and JSONL alike, cut into any chunks', async () => {
    const a = await scoreText(p, 'csv', csv(fair));
    const b = await scoreText(p, 'jsonl', jsonl(fair));
    expect(a).toEqual(b);
    expect(a.passed).toBe(true);
    expect(a.rows).toBe(2000);
  });

  it('accepts CRLF line ends and a quoted CSV field', async () => {
    const text = csv(fair).replace(/\n/g, '\r\n').replace('row-0000001', '"row-0000001"');
    expect((await scoreText(p, 'csv', text)).passed).toBe(true);
  });

  it('accepts a leading UTF-8 byte order mark (Excel’s CSV UTF-8), in CSV and JSON Lines, however the bytes are chunked', async () => {
    const expected = await scoreText(p, 'csv', csv(fair));
    for (const chunkSize of [1, 2, 97, 1 << 30]) {
      expect(await scoreText(p, 'csv', `\uFEFF${csv(fair)}`, chunkSize)).toEqual(expected);
      expect(await scoreText(p, 'csv', `\uFEFF${csv(fair).replace(/\n/g, '\r\n')}`, chunkSize)).toEqual(expected);
      expect(await scoreText(p, 'jsonl', `\uFEFF${jsonl(fair)}`, chunkSize)).toEqual(expected);
    }
  });

  it.each<[string, 'csv' | 'jsonl', () => string, string]>([
    // Only a leading mark is dropped: one elsewhere (or two) is data, and refused as such.
    ['two byte order marks', 'csv', () => `\uFEFF\uFEFF${csv(fair)}`, 'SANDBOX.MISSING_HEADER'],
    ['a byte order mark on a later line', 'csv', () => csv(fair).replace('row-0000002', '\uFEFFrow-0000002'), 'SANDBOX.UNKNOWN_ROW'],
    ['a byte order mark on a later JSON line', 'jsonl', () => jsonl(fair).replace('\n', '\n\uFEFF'), 'SANDBOX.MALFORMED_LINE'],
    ['a missing row', 'csv', () => csv(fair.slice(1)), 'SANDBOX.WRONG_ROW_COUNT'],
    ['an unknown row id', 'csv', () => csv([...fair.slice(1), { rowId: 'row-9999999', prediction: 1 }]), 'SANDBOX.UNKNOWN_ROW'],
    ['a duplicate row', 'csv', () => csv([...fair, fair[0]]), 'SANDBOX.DUPLICATE_ROW'],
    ['a prediction other than 0/1', 'csv', () => csv([{ rowId: fair[0].rowId, prediction: 2 }, ...fair.slice(1)]), 'SANDBOX.INVALID_PREDICTION'],
    ['no header', 'csv', () => csv(fair).split('\n').slice(1).join('\n'), 'SANDBOX.MISSING_HEADER'],
    ['an empty file', 'csv', () => '', 'SANDBOX.MISSING_HEADER'],
    ['a line with three fields', 'csv', () => csv(fair).replace('row-0000002,', 'row-0000002,1,'), 'SANDBOX.MALFORMED_LINE'],
    ['an unterminated quote', 'csv', () => csv(fair).replace('row-0000002', '"row-0000002'), 'SANDBOX.MALFORMED_LINE'],
    ['an overlong line', 'csv', () => csv(fair).replace('row-0000002', 'x'.repeat(5000)), 'SANDBOX.MALFORMED_LINE'],
    ['invalid JSON', 'jsonl', () => jsonl(fair).replace('}', ''), 'SANDBOX.MALFORMED_LINE'],
    ['a JSON array line', 'jsonl', () => `[1]\n${jsonl(fair)}`, 'SANDBOX.MALFORMED_LINE'],
    ['an extra JSON field', 'jsonl', () => jsonl([{ ...fair[0], sex: 'F' }, ...fair.slice(1)]), 'SANDBOX.MALFORMED_LINE'],
    ['a string prediction in JSON', 'jsonl', () => jsonl([{ ...fair[0], prediction: '1' }, ...fair.slice(1)]), 'SANDBOX.INVALID_PREDICTION'],
    ['an overlong JSON line', 'jsonl', () => `{"rowId":"${'x'.repeat(5000)}","prediction":1}\n`, 'SANDBOX.MALFORMED_LINE'],
  ])('refuses %s', async (_what, format, text, code) => {
    expect(await codeOf(() => scoreText(p, format, text()))).toBe(code);
    // The whole file in one chunk: the parser's failure then comes after the last write (it must not hang).
    expect(await codeOf(() => scoreText(p, format, text(), 1 << 30))).toBe(code);
  });

  it('names the line of a refused row, in CSV and in JSON Lines', async () => {
    const lineOf = async (format: 'csv' | 'jsonl', text: string) => {
      try {
        await scoreText(p, format, text);
      } catch (e) {
        return (e as RegistryError).details.line;
      }
    };
    const bad = [...fair.slice(0, 9), { rowId: 'row-9999999', prediction: 1 }, ...fair.slice(10)];
    expect(await lineOf('csv', csv(bad))).toBe(11);
    expect(await lineOf('jsonl', jsonl(bad))).toBe(10);
  });

  it('fails the planted-bias model on the four-fifths rule (by sex), naming the metrics', async () => {
    const score = await scoreText(p, 'csv', csv(predictions(p, 'proxy-biased')));
    expect(score.passed).toBe(false);
    expect(failedChecks(score)).toEqual(expect.arrayContaining(['DISPARATE_IMPACT_RATIO(sex)', 'DEMOGRAPHIC_PARITY_DIFFERENCE(sex)']));
  });

  it('fails the constant model on the accuracy floor alone', async () => {
    expect(failedChecks(await scoreText(p, 'csv', csv(predictions(p, 'always-approve'))))).toEqual(['ACCURACY(overall)']);
  });
});

describe('endpoint mode batching', () => {
  const p = params({ size: 300, suite: 'hiring' });
  const applicants = [...generateApplicants(p)];

  it('asks each applicant under every combination of sex and age band, once each, with the same features', () => {
    const batch = buildEndpointBatch('hiring', 3, applicants.slice(0, 2));
    expect(batch.rows).toHaveLength(12);
    expect(batch.rows.map((r) => r.id)).toEqual(Array.from({ length: 12 }, (_, k) => `3.${k}`));
    const byId = new Map(batch.rows.map((r) => [r.id, r]));
    batch.plan.forEach((p, i) => {
      const copies = p.ids.map((id) => byId.get(id)!);
      expect(copies.map((r) => `${r.sex}×${r.ageBand}`)).toEqual(['F×18-29', 'F×30-49', 'F×50+', 'M×18-29', 'M×30-49', 'M×50+']);
      for (const r of copies) expect(r.features).toEqual(copies[0].features);
      expect(copies[p.truth]).toMatchObject({ sex: applicants[i].sex, ageBand: applicants[i].ageBand });
    });
  });

  /**
   * Review P1: the old batch sent 4 copies, the original first, with the true sex 3 times in 4 and the true age
   * band 2 times in 4, so first-copy or majority vote gave every row's protected attributes. Now, for every
   * applicant, the multiset of (sex, age band) asked is the full grid whatever the truth, and where the true
   * combination sits among the batch's rows varies: neither guess does better than chance.
   */
  it('reveals nothing of the truth: every combination once per applicant, the true one at no fixed place', () => {
    const all = applicants.slice(0, 300);
    const batch = buildEndpointBatch('hiring', 0, all);
    const byId = new Map(batch.rows.map((r, k) => [r.id, { ...r, k }]));
    const groups = new Map<string, { sex: string; ageBand: string; k: number }[]>();
    for (const r of batch.rows) {
      const key = JSON.stringify(r.features);
      groups.set(key, [...(groups.get(key) ?? []), { sex: r.sex, ageBand: r.ageBand, k: byId.get(r.id)!.k }]);
    }
    let firstRight = 0;
    let majorityRight = 0;
    const rankOfTruth = new Set<number>();
    batch.plan.forEach((p, i) => {
      const a = all[i];
      const copies = groups.get(JSON.stringify(byId.get(p.ids[0])!.features))!;
      // Every combination exactly once: the request's attribute distribution is the same for every applicant.
      expect(copies.map((c) => `${c.sex}×${c.ageBand}`).sort()).toEqual(['F×18-29', 'F×30-49', 'F×50+', 'M×18-29', 'M×30-49', 'M×50+']);
      const inOrder = [...copies].sort((x, y) => x.k - y.k);
      if (inOrder[0].sex === a.sex && inOrder[0].ageBand === a.ageBand) firstRight++;
      const sexes = copies.filter((c) => c.sex === 'F').length;
      if ((sexes > 3 ? 'F' : sexes < 3 ? 'M' : null) === a.sex) majorityRight++;
      rankOfTruth.add(inOrder.findIndex((c) => c.sex === a.sex && c.ageBand === a.ageBand));
    });
    // The old batch: firstRight = 300 and majorityRight = 300. Chance is 1 in 6 for the first copy (here 50 ± 20).
    expect(firstRight).toBeLessThan(90);
    expect(majorityRight).toBe(0); // 3 F and 3 M for everyone: no majority at all
    expect(rankOfTruth.size).toBe(6);
    // Copies of one applicant are interleaved with others', not kept together.
    const firstPlan = batch.plan[0].ids.map((id) => byId.get(id)!.k).sort((x, y) => x - y);
    expect(firstPlan[5] - firstPlan[0]).toBeGreaterThan(5);
  });

  it('shuffles with the random source it is given (unpredictable by default: two batches differ)', () => {
    const a = buildEndpointBatch('hiring', 0, applicants.slice(0, 20));
    const b = buildEndpointBatch('hiring', 0, applicants.slice(0, 20));
    expect(a.rows.map((r) => `${r.sex}${r.ageBand}${JSON.stringify(r.features)}`)).not.toEqual(
      b.rows.map((r) => `${r.sex}${r.ageBand}${JSON.stringify(r.features)}`),
    );
    const fixed = buildEndpointBatch('hiring', 0, applicants.slice(0, 1), () => 0);
    expect(fixed.rows).toHaveLength(6);
  });

  it('refuses an answer that misses, repeats or invents ids, or is not 0/1', () => {
    const batch = buildEndpointBatch('hiring', 0, applicants.slice(0, 1));
    const all = batch.rows.map((r) => ({ id: r.id, prediction: 1 }));
    expect(readEndpointAnswer(batch, { predictions: all }).size).toBe(6);
    for (const bad of [
      {},
      { predictions: all.slice(1) },
      { predictions: [...all, all[0]] },
      { predictions: [...all.slice(1), { id: 'x', prediction: 1 }] },
      { predictions: [{ ...all[0], prediction: 'yes' }, ...all.slice(1)] },
    ])
      expect(() => readEndpointAnswer(batch, bad)).toThrow(EndpointAnswerError);
  });

  it('counts counterfactual flips: the sex-reading model flips, the fair one never does', () => {
    const run = (kind: ReferenceModelKind) => {
      const model = referenceModel('hiring', kind);
      const scorer = new PredictionScorer(regenerateTruth(p), p.thresholds);
      for (let i = 0; i < applicants.length; i += 50) {
        const batch = buildEndpointBatch('hiring', i, applicants.slice(i, i + 50));
        scoreEndpointBatch(batch, new Map(batch.rows.map((r) => [r.id, model(r)])), scorer);
      }
      return scorer.finish();
    };
    expect(run('fair').counterfactual?.map((c) => c.flipRate)).toEqual([0, 0]);
    const biased = run('sex-biased');
    expect(biased.counterfactual?.[0].flipRate).toBeGreaterThan(0.05);
    expect(failedChecks(biased)).toContain('COUNTERFACTUAL_FLIP_RATE(sex)');
  });
});

describe('properties', () => {
  const suites = fc.constantFrom<SuiteKind>('lending', 'hiring');
  const seeds = fc.integer({ min: 0, max: 0xffffffff });

  it('metrics do not depend on the order predictions arrive in', async () => {
    await fc.assert(
      fc.asyncProperty(suites, seeds, fc.integer({ min: 100, max: 400 }), fc.infiniteStream(fc.nat()), async (suite, seed, size, randoms) => {
        const p = params({ suite, seed, size });
        const rows = predictions(p, 'proxy-biased');
        const shuffled = [...rows];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = randoms.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        expect(await scoreText(p, 'jsonl', jsonl(shuffled))).toEqual(await scoreText(p, 'csv', csv(rows)));
      }),
      { numRuns: 25 },
    );
  });

  it('a model that ignores the protected attributes has counterfactual flip rate 0, whatever it does with the features', () => {
    fc.assert(
      fc.property(
        suites,
        seeds,
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        (suite, seed, weights, bias) => {
          const p = params({ suite, seed, size: 200 });
          const names = featureNames(suite);
          const model = (r: { features: Readonly<Record<string, number>> }) => (names.reduce((s, n, i) => s + weights[i] * r.features[n], bias) > 0 ? 1 : 0);
          const applicants = [...generateApplicants(p)];
          const scorer = new PredictionScorer(regenerateTruth(p), p.thresholds);
          const batch = buildEndpointBatch(suite, 0, applicants);
          scoreEndpointBatch(batch, new Map(batch.rows.map((r) => [r.id, model(r)])), scorer);
          expect(scorer.finish().counterfactual?.map((c) => c.flipRate)).toEqual([0, 0]);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('the planted biased model fails the four-fifths rule by sex for any seed', () => {
    fc.assert(
      fc.property(suites, seeds, fc.double({ min: 0.05, max: 0.95, noNaN: true }), (suite, seed, baseRate) => {
        const p = params({ suite, seed, size: 3000, baseRate });
        const truth = regenerateTruth(p);
        const scorer = new PredictionScorer(truth, p.thresholds);
        for (const r of predictions(p, 'proxy-biased')) scorer.add(r.rowId, r.prediction, 0);
        const check = scorer.finish().checks.find((c) => c.metric === 'DISPARATE_IMPACT_RATIO' && c.scope === 'sex');
        expect(check?.outcome).toBe('FAIL');
        expect(check!.value!).toBeLessThan(0.8);
      }),
      { numRuns: 20 },
    );
  });
});
