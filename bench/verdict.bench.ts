/**
 * npm run bench:verdict [-- --sizes 10000,100000]
 *
 * The export-readiness verdict at registry scale: N certified model versions over the demo catalog (9
 * framework versions, 18 equivalences). Each measurement is paired with the naive way it replaces, so the
 * table shows ratios:
 *   - verdict latency on the live (incrementally folded) facts vs refolding the whole log first (what an
 *     unindexed knownAt costs);
 *   - exportReadyModels (an indexed page of the readiness table on PostgreSQL) vs judging every model
 *     version on the fly and filtering;
 *   - re-evaluating the rows affected by one equivalence withdrawal vs recomputing every row.
 * Events are generated in memory (not appended through the store: the store has its own benchmark).
 */
import { performance } from 'node:perf_hooks';
import Table from 'cli-table3';
import { Command } from 'commander';
import { SqlEventStore, PostgresDatabase } from '@registry/event-store';
import { CATALOG_EQUIVALENCES, CATALOG_FRAMEWORKS, FactEvent, judgeExportReadiness, VerdictFactsBuilder, buildVerdictFacts } from '@registry/domain';
import { allVersionKeys, createReadinessTable, ReadinessReadModel, sliceTouches } from '../apps/registry-api/src/verdicts/readiness.read-model';
import { createTestDatabase } from '../test/support/postgres';

const opts = new Command('bench:verdict')
  .option('--sizes <list>', 'model-version counts', (v) => v.split(',').map(Number), [10_000, 100_000])
  .option('--samples <n>', 'verdicts sampled for latency', (v) => Number(v), 2000)
  .parse()
  .opts<{ sizes: number[]; samples: number }>();

const T0 = '2026-01-01T00:00:00.000Z';
const ASOF = '2026-11-25T00:00:00.000Z';
const digest = (i: number) => `sha256:${i.toString(16).padStart(64, '0')}`;

const syntheticLog = (n: number): FactEvent[] => {
  const events: FactEvent[] = [];
  const add = (type: string, data: Record<string, unknown>) => events.push({ type, data, ref: { eventId: `e${events.length + 1}`, position: `1.${events.length + 1}`, type } });
  for (const f of CATALOG_FRAMEWORKS) add('FrameworkVersionPublished', { ...f, publishedAt: T0 });
  for (const { proposal, countersign } of CATALOG_EQUIVALENCES) {
    add('EquivalenceProposed', { ...proposal, proposedAt: T0 });
    if (countersign) add('EquivalenceCountersigned', { equivalenceId: proposal.equivalenceId, jurisdiction: proposal.foreignJurisdiction, countersignedAt: '2026-06-01T00:00:00.000Z' });
  }
  add('CertifierAccredited', { certifierId: 'cb', name: 'CB', scope: { frameworkVersions: ['0.9-draft'], useCases: ['chatbot', 'content-generation', 'lending', 'hiring'] }, validFrom: T0, validUntil: '2030-01-01T00:00:00.000Z', accreditedAt: T0 });
  const hk = CATALOG_FRAMEWORKS.find((f) => f.frameworkId === 'HK-AI')!;
  for (let i = 0; i < n; i++) {
    const generative = i % 2 === 0;
    const modelId = `m${i}`;
    add('ModelRegistered', { modelId, firmId: `f${i % 500}`, name: modelId, kind: { generative, generalPurpose: false }, registeredAt: T0 });
    add('ModelVersionRegistered', { modelId, version: '1', weightsDigest: digest(i), registeredAt: T0 });
    // Every fifth model misses a requirement, so lists mix READY and NOT_READY.
    const results = hk.requirements.filter((_, k) => i % 5 !== 0 || k % 2 === 0).map((r) => ({ requirementId: r.id, result: 'PASS' }));
    add('CertificationIssued', {
      certificationId: `c${i}`, certifierId: 'cb', modelId, modelVersion: '1', weightsDigest: digest(i), frameworkVersion: '0.9-draft',
      scope: { useCases: generative ? ['chatbot', 'content-generation'] : ['lending'], riskTier: generative ? 'LIMITED' : 'HIGH' }, results,
      auditReportDigest: digest(i + 1), validFrom: '2026-02-01T00:00:00.000Z', validUntil: '2028-02-01T00:00:00.000Z', issuedAt: '2026-02-01T00:00:00.000Z',
    });
  }
  return events;
};

const time = async <T>(work: () => T | Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
};
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const ms = (x: number) => (x < 1 ? `${(x * 1000).toFixed(0)} µs` : x < 1000 ? `${x.toFixed(1)} ms` : `${(x / 1000).toFixed(2)} s`);
const ratio = (a: number, b: number) => `${(b / a).toFixed(0)}× faster`;

(async () => {
  const table = new Table({ head: ['model versions', 'measure', 'ours', 'naive peer', 'ours vs peer'] });
  for (const n of opts.sizes) {
    process.stderr.write(`generating ${n} model versions...\n`);
    const log = syntheticLog(n);
    const builder = new VerdictFactsBuilder();
    const [, foldMs] = await time(() => log.forEach((e) => builder.apply(e)));
    const facts = builder.facts;
    const keys = allVersionKeys(facts);

    // 1. one verdict: live facts vs refolding the log
    const latencies: number[] = [];
    for (let s = 0; s < opts.samples; s++) {
      const i = Math.floor(Math.random() * n);
      const [, t] = await time(() => judgeExportReadiness(facts, { modelId: `m${i}`, version: '1', jurisdiction: i % 2 ? 'EU' : 'SG', useCase: i % 2 ? 'lending' : 'chatbot', asOf: ASOF }));
      latencies.push(t);
    }
    const [, refoldMs] = await time(() => judgeExportReadiness(buildVerdictFacts(log), { modelId: 'm1', version: '1', jurisdiction: 'EU', useCase: 'lending', asOf: ASOF }));
    table.push([n.toLocaleString('en-US'), 'exportReadiness p50 / p99', `${ms(quantile(latencies, 0.5))} / ${ms(quantile(latencies, 0.99))}`, `${ms(refoldMs)} (refold ${log.length.toLocaleString('en-US')} events)`, ratio(quantile(latencies, 0.5), refoldMs)]);
    table.push([n.toLocaleString('en-US'), 'fold the log (events/s)', `${Math.round(log.length / (foldMs / 1000)).toLocaleString('en-US')}`, '', '']);

    // 2. the readiness read model on PostgreSQL
    const database = await createTestDatabase('bench_verdict');
    const store = await SqlEventStore.create(PostgresDatabase.open(database.url));
    try {
      // Only recompute() and the table are exercised: the live-update wiring (VerdictService) is not needed here.
      const readModel = new ReadinessReadModel(undefined as never, store.db, store);
      await createReadinessTable(store.db);
      const all = keys.map((key) => ({ key, jurisdictions: null }));
      const [rows, buildMs] = await time(() => readModel.recompute(facts, all, '1.1'));
      table.push([n.toLocaleString('en-US'), 'build readiness table', `${ms(buildMs)} (${rows.toLocaleString('en-US')} rows)`, '', '']);

      const pageTimes: number[] = [];
      for (let s = 0; s < 200; s++) {
        const [, t] = await time(() =>
          store.db.query(
            `SELECT model_id, version, status, valid_until FROM rm_export_readiness_v1 WHERE jurisdiction = $1 AND use_case = $2 AND status = $3 ORDER BY model_id, version LIMIT 21`,
            ['EU', 'chatbot', 'READY'],
          ),
        );
        pageTimes.push(t);
      }
      const [, naiveMs] = await time(() =>
        keys.filter((k) => judgeExportReadiness(facts, { modelId: k.split('/')[0], version: '1', jurisdiction: 'EU', useCase: 'chatbot', asOf: ASOF }).status === 'READY').slice(0, 21),
      );
      table.push([n.toLocaleString('en-US'), 'exportReadyModels page p50', ms(quantile(pageTimes, 0.5)), `${ms(naiveMs)} (judge all, filter)`, ratio(quantile(pageTimes, 0.5), naiveMs)]);

      // 3. one equivalence withdrawn: affected rows only vs everything
      const withdrawn = CATALOG_EQUIVALENCES.find((e) => e.proposal.equivalenceId === 'eq-hk02-eu-art50')!.proposal;
      builder.apply({ type: 'EquivalenceWithdrawn', data: { equivalenceId: withdrawn.equivalenceId, withdrawnBy: 'REGULATOR', reason: 'bench', withdrawnAt: '2026-11-01T00:00:00.000Z' }, ref: { eventId: 'w', position: '2.1', type: 'EquivalenceWithdrawn' } });
      const [affectedRows, affectedMs] = await time(async () => {
        const affected = keys.filter((k) => sliceTouches(facts, k, { kind: 'USE_CASES', useCases: withdrawn.scope.useCases }));
        return readModel.recompute(facts, affected.map((key) => ({ key, jurisdictions: [withdrawn.foreignJurisdiction] })), '2.1');
      });
      const [, fullMs] = await time(() => readModel.recompute(facts, all, '2.1'));
      table.push([n.toLocaleString('en-US'), 'equivalence withdrawn: re-evaluate', `${ms(affectedMs)} (${affectedRows.toLocaleString('en-US')} rows)`, `${ms(fullMs)} (all ${rows.toLocaleString('en-US')} rows)`, ratio(affectedMs, fullMs)]);
    } finally {
      await store.close();
      await database.drop();
    }
  }
  console.log(table.toString());
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
