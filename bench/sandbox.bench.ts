/**
 * bench:sandbox — scoring uploaded predictions in bounded memory. For 250k and 1M rows of the lending suite it
 * writes the fair reference model's predictions to a temporary CSV and a JSON Lines file, then, each in a fresh
 * process (so peak RSS is the phase's own), (a) only parses the file, (b) regenerates the truth, parses and
 * scores it. Prints rows/s, peak RSS and the ratio scoring / raw parse. The suite is generated as every new one is
 * (generator version 2, keyed by a fixed bench secret); first it times a 1M-row digest under generator 1 and 2.
 * Run: `npm run bench:sandbox` (`-- --generators` for the generator timing alone).
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import {
  DEFAULT_THRESHOLDS,
  deriveSuiteKey,
  featureRecord,
  generateApplicants,
  parsePredictions,
  PredictionFormat,
  PredictionScorer,
  referenceModel,
  regenerateTruth,
  suiteDigest,
  SuiteParameters,
} from '@registry/sandbox';

const params = (size: number, generatorVersion: 1 | 2 = 2): SuiteParameters => ({
  suite: 'lending',
  generatorVersion,
  seed: 2026,
  size,
  baseRate: 0.5,
  sexBaseRateGap: 0,
  thresholds: DEFAULT_THRESHOLDS,
});
/** A fixed bench secret: the suite key as the registry would derive it for version "bench". */
const KEY = deriveSuiteKey(Buffer.alloc(32, 1), { suite: 'lending', version: 'bench', seed: 2026 });

/** A 1M-row digest under the public generator (1) and the keyed one (2): what the keystream costs. */
const generators = () => {
  for (const version of [1, 2] as const) {
    const started = performance.now();
    suiteDigest(params(1_000_000, version), KEY);
    const ms = performance.now() - started;
    console.log(`generator ${version}: 1,000,000-row digest in ${Math.round(ms)} ms (${Math.round(1e6 / (ms / 1000))} rows/s)`);
  }
};

const writeFile = async (path: string, size: number, format: PredictionFormat) => {
  const out = createWriteStream(path);
  const model = referenceModel('lending', 'fair');
  let chunk = format === 'csv' ? 'rowId,prediction\n' : '';
  for (const a of generateApplicants(params(size), KEY)) {
    const prediction = model({ features: featureRecord('lending', a.features) });
    chunk += format === 'csv' ? `${a.rowId},${prediction}\n` : `{"rowId":"${a.rowId}","prediction":${prediction}}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
};

/** One phase in this (fresh) process: prints {rows, ms, maxRssMB} as JSON. */
const phase = async (kind: 'parse' | 'score', path: string, size: number, format: PredictionFormat) => {
  const started = performance.now();
  let rows = 0;
  if (kind === 'parse') {
    for await (const _line of parsePredictions(format, createReadStream(path))) rows++;
  } else {
    const p = params(size);
    const scorer = new PredictionScorer(regenerateTruth(p, KEY), p.thresholds);
    for await (const { rowId, prediction, line } of parsePredictions(format, createReadStream(path))) scorer.add(rowId, prediction, line);
    const score = scorer.finish();
    rows = score.rows;
    if (!score.passed) throw new Error('the fair model should pass');
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ rows, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
};

const main = async () => {
  const [, , mode, kind, path, size, format] = process.argv;
  if (mode === '--phase') return phase(kind as 'parse' | 'score', path, Number(size), format as PredictionFormat);
  generators();
  if (mode === '--generators') return;
  const dir = mkdtempSync(join(tmpdir(), 'bench-sandbox-'));
  try {
    console.log('size      format  file MB  parse rows/s  parse RSS MB  score rows/s  score RSS MB  score/parse time');
    for (const size of [250_000, 1_000_000]) {
      for (const format of ['csv', 'jsonl'] as const) {
        const path = join(dir, `predictions-${size}.${format}`);
        await writeFile(path, size, format);
        const run = (k: string) =>
          JSON.parse(
            execFileSync(process.execPath, [...process.execArgv, __filename, '--phase', k, path, String(size), format], { encoding: 'utf8' })
              .trim()
              .split('\n')
              .pop()!,
          ) as { rows: number; ms: number; maxRssMB: number };
        const parse = run('parse');
        const score = run('score');
        const mb = statSync(path).size / 1e6;
        console.log(
          [
            String(size).padEnd(9),
            format.padEnd(6),
            mb.toFixed(1).padStart(7),
            Math.round(parse.rows / (parse.ms / 1000))
              .toString()
              .padStart(13),
            parse.maxRssMB.toFixed(0).padStart(13),
            Math.round(score.rows / (score.ms / 1000))
              .toString()
              .padStart(13),
            score.maxRssMB.toFixed(0).padStart(13),
            (score.ms / parse.ms).toFixed(2).padStart(17),
          ].join(' '),
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
