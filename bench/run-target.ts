/**
 * Runs the whole store workload against ONE target in this process and prints a JSON result line.
 * The orchestrator starts one process per target: Emmett changes node-postgres' type parsers for the
 * whole process, so sharing a process would skew the others.
 *   tsx bench/run-target.ts <ours-pg|emmett-pg|raw-pg|ours-pglite> <database url or data dir> <scale>
 */
import { createEmmettTarget } from './peers/emmett.peer';
import { createOursTarget } from './peers/ours.peer';
import { createRawTarget } from './peers/raw.peer';
import { BenchEvent, BenchTarget } from './peers/target';
import { SCENARIOS, Scenario } from './scenarios';

const event = (i: number): BenchEvent => ({
  type: 'CertificationIssued',
  data: { certificationId: `cert-${i}`, modelVersion: 'mv-1', weightsDigest: 'sha256:' + 'ab'.repeat(32), scope: { useCases: ['lending'], riskTier: 'HIGH' } },
});

const open = (kind: string, where: string): Promise<BenchTarget> => {
  switch (kind) {
    case 'ours-pg':
      return createOursTarget('ours (PostgreSQL)', { kind: 'postgres', url: where, poolSize: 10 });
    case 'ours-pglite':
      return createOursTarget('ours (PGlite)', { kind: 'pglite', dataDir: where });
    case 'emmett-pg':
      return createEmmettTarget(where, { poolSize: 10 });
    case 'raw-pg':
      return createRawTarget(where, 10);
    default:
      throw new Error(`unknown target ${kind}`);
  }
};

/** Each writer appends to its own streams, 10 appends per stream, each with its expected version. */
const runAppends = async (target: BenchTarget, scenario: Scenario, prefix: string, appendsPerWriter: number) => {
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: scenario.writers }, async (_, w) => {
      for (let i = 0; i < appendsPerWriter; i++) {
        const stream = `${prefix}-w${w}-s${Math.floor(i / 10)}`;
        const events = Array.from({ length: scenario.batch }, (_, k) => event(i * scenario.batch + k));
        await target.append(stream, events, (i % 10) * scenario.batch);
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
};

(async () => {
  const [kind, where, scaleText] = process.argv.slice(2);
  const scale = Number(scaleText ?? 1);
  const target = await open(kind, where);
  const results: Record<string, { seconds: number; appends: number; events: number }> = {};
  let written = 0;
  for (const scenario of SCENARIOS) {
    const appendsPerWriter = Math.max(10, Math.round((scenario.appends * scale) / scenario.writers / 10) * 10);
    await runAppends(target, scenario, `warm-${scenario.id}`, 10); // warm-up: connections, plans, JIT
    written += scenario.writers * 10 * scenario.batch;
    const seconds = await runAppends(target, scenario, scenario.id, appendsPerWriter);
    const appends = appendsPerWriter * scenario.writers;
    written += appends * scenario.batch;
    results[scenario.id] = { seconds, appends, events: appends * scenario.batch };
  }
  const started = process.hrtime.bigint();
  const read = await target.readAll(500);
  const readSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await target.close();
  process.stdout.write(`${JSON.stringify({ kind, name: target.name, results, read: { seconds: readSeconds, events: read, written } })}\n`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
