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
 *   - building the readiness table (every row) with each version judged in one pass (ReadinessRows) and
 *     batches judged while the previous one is inserted, vs the way it was built before: one
 *     judgeExportReadiness per row, every row computed first, then inserted as JSON 5,000 rows a statement;
 *   - re-evaluating the rows affected by one equivalence withdrawal vs recomputing every row;
 *   - a restart of the readiness read model (the log folded again, the rows kept by their checkpoint) vs its
 *     first start (every row computed), and a restart after one withdrawal appended while it was down.
 * Events are generated in memory; for the restart they are bulk-loaded into the store's table (the store's
 * append path has its own benchmark).
 */
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import Table from 'cli-table3';
import { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { openEventStore, parsePosition, SqlDatabase, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { CATALOG_EQUIVALENCES, FactEvent, judgeExportReadiness, VerdictFacts, VerdictFactsBuilder, buildVerdictFacts } from '@registry/domain';
import { allVersionKeys, createReadinessTable, ReadinessReadModel, sliceTouches } from '../apps/registry-api/src/verdicts/readiness.read-model';
import { VerdictService } from '../apps/registry-api/src/verdicts/verdict.service';
import { perUseCaseRows } from '../apps/registry-api/src/verdicts/readiness-per-use-case';
import { ReadinessRows } from '../apps/registry-api/src/verdicts/readiness-rows';
import { RecomputeTarget } from '../apps/registry-api/src/verdicts/readiness-invalidation';
import { streamOf, syntheticLog } from '../apps/registry-api/src/verdicts/testing/synthetic-log';
import { createTestDatabase } from '../test/support/postgres';

const opts = new Command('bench:verdict')
  .option('--sizes <list>', 'model-version counts', (v) => v.split(',').map(Number), [10_000, 100_000])
  .option('--samples <n>', 'verdicts sampled for latency', (v) => Number(v), 2000)
  .parse()
  .opts<{ sizes: number[]; samples: number }>();

const ASOF = '2026-11-25T00:00:00.000Z';

/** Bulk-loads events into the store's log table, 10,000 per statement. */
const loadLog = async (store: StoreHandle, log: FactEvent[]): Promise<void> => {
  const versions = new Map<string, number>();
  const meta = JSON.stringify(metadata());
  for (let i = 0; i < log.length; i += 10_000) {
    const rows = log.slice(i, i + 10_000).map((e) => {
      const stream = streamOf(e);
      const version = (versions.get(stream) ?? 0) + 1;
      versions.set(stream, version);
      return { stream_id: stream, stream_version: version, event_id: randomUUID(), type: e.type, data: e.data, metadata: JSON.parse(meta), schema_version: 1 };
    });
    await store.readModels.query(
      `INSERT INTO es_events (stream_id, stream_version, event_id, type, data, metadata, schema_version)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, stream_version bigint, event_id uuid, type text, data jsonb, metadata jsonb, schema_version integer)`,
      [JSON.stringify(rows)],
    );
  }
  for (const [stream, version] of versions)
    await store.readModels.query('INSERT INTO es_streams (stream_id, version) VALUES ($1, $2) ON CONFLICT (stream_id) DO UPDATE SET version = $2', [
      stream,
      version,
    ]);
};

/**
 * Starts the readiness read model as the app does (fold the log, then bring the rows up to date), then stops
 * it as the app's shutdown does; returns the ms the start took.
 */
const startReadModel = async (store: StoreHandle): Promise<number> => {
  const readModel = new ReadinessReadModel(new VerdictService(store.store), store.readModels, store.store);
  const [, t] = await time(async () => {
    await readModel.onModuleInit();
    await readModel.refresh();
  });
  await readModel.onModuleDestroy();
  return t;
};

/**
 * The readiness table built as recompute() built it before the one-pass judge (the peer): one
 * judgeExportReadiness per row, every row computed first, then the same guard and delete statements and the
 * rows inserted as JSON, 5,000 a statement.
 */
const recomputePerUseCase = async (db: SqlDatabase, facts: VerdictFacts, targets: readonly RecomputeTarget[], computedAt: string): Promise<number> => {
  const rows = perUseCaseRows(facts, targets, new Date().toISOString()).map((r) => ({ ...r, computed_at: computedAt }));
  const keys = [...new Set(targets.map((t) => t.key))].sort();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO rm_export_readiness_v1_guard AS g (model_id, version, computed_at)
       SELECT split_part(k, '/', 1), substr(k, strpos(k, '/') + 1), $2 FROM unnest($1::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n
       ON CONFLICT (model_id, version) DO UPDATE SET computed_at = EXCLUDED.computed_at RETURNING model_id || '/' || version AS key`,
      [keys, computedAt],
    );
    await tx.query(`DELETE FROM rm_export_readiness_v1 WHERE (model_id || '/' || version) = ANY($1::text[])`, [keys]);
    for (let i = 0; i < rows.length; i += 5000)
      await tx.query(
        `INSERT INTO rm_export_readiness_v1 (model_id, version, jurisdiction, use_case, status, valid_until, reconsider_at, computed_at)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(model_id text, version text, jurisdiction text, use_case text, status text,
           valid_until timestamptz, reconsider_at timestamptz, computed_at text)`,
        [JSON.stringify(rows.slice(i, i + 5000))],
      );
  });
  return rows.length;
};

/** A digest of every row of the table (both builds must write the same rows). */
const tableDigest = async (db: SqlDatabase): Promise<string> =>
  (
    await db.query<{ d: string }>(
      `SELECT md5(string_agg(concat_ws('|', model_id, version, jurisdiction, use_case, status, valid_until, reconsider_at, computed_at), ','
         ORDER BY model_id, version, jurisdiction, use_case)) AS d FROM rm_export_readiness_v1`,
    )
  ).rows[0].d;
const emptyTable = (db: SqlDatabase) => db.query('TRUNCATE rm_export_readiness_v1, rm_export_readiness_v1_guard');

const time = async <T>(work: () => T | Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
};
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const ms = (x: number) => (x < 1 ? `${(x * 1000).toFixed(0)} µs` : x < 1000 ? `${x.toFixed(1)} ms` : `${(x / 1000).toFixed(2)} s`);
const ratio = (a: number, b: number) => `${(b / a).toFixed(b / a < 10 ? 1 : 0)}× faster`;

(async () => {
  Logger.overrideLogger(['error', 'warn']);
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
      const [, t] = await time(() =>
        judgeExportReadiness(facts, { modelId: `m${i}`, version: '1', jurisdiction: i % 2 ? 'EU' : 'SG', useCase: i % 2 ? 'lending' : 'chatbot', asOf: ASOF }),
      );
      latencies.push(t);
    }
    const [, refoldMs] = await time(() =>
      judgeExportReadiness(buildVerdictFacts(log), { modelId: 'm1', version: '1', jurisdiction: 'EU', useCase: 'lending', asOf: ASOF }),
    );
    table.push([
      n.toLocaleString('en-US'),
      'exportReadiness p50 / p99',
      `${ms(quantile(latencies, 0.5))} / ${ms(quantile(latencies, 0.99))}`,
      `${ms(refoldMs)} (refold ${log.length.toLocaleString('en-US')} events)`,
      ratio(quantile(latencies, 0.5), refoldMs),
    ]);
    table.push([n.toLocaleString('en-US'), 'fold the log (events/s)', `${Math.round(log.length / (foldMs / 1000)).toLocaleString('en-US')}`, '', '']);

    // 2. the readiness read model on PostgreSQL
    const database = await createTestDatabase('bench_verdict');
    const store = await openEventStore({ kind: 'postgres', url: database.url });
    try {
      // Only recompute() and the table are exercised: the live-update wiring (VerdictService) is not needed here.
      const readModel = new ReadinessReadModel(undefined as never, store.readModels, store.store);
      await createReadinessTable(store.readModels);
      const all = keys.map((key) => ({ key, jurisdictions: null }));
      // Every row judged, no database: each version in one pass vs one judgeExportReadiness per row.
      const [judged, judgeMs] = await time(() => {
        const rows = new ReadinessRows(facts, new Date().toISOString());
        return all.reduce((sum, target) => sum + rows.of(target).length, 0);
      });
      const [, perRowMs] = await time(() => perUseCaseRows(facts, all, new Date().toISOString()).length);
      table.push([
        n.toLocaleString('en-US'),
        'judge every row (no database)',
        `${ms(judgeMs)} (${judged.toLocaleString('en-US')} rows, one pass per version)`,
        `${ms(perRowMs)} (one judgeExportReadiness per row)`,
        ratio(judgeMs, perRowMs),
      ]);
      // The first build, on an empty table: ours, then the peer on an emptied table, then ours again (kept).
      const [, firstBuildMs] = await time(() => readModel.recompute(facts, all, '1.1'));
      const ourDigest = await tableDigest(store.readModels);
      await emptyTable(store.readModels);
      const [peerRows, peerBuildMs] = await time(() => recomputePerUseCase(store.readModels, facts, all, '1.1'));
      const peerDigest = await tableDigest(store.readModels);
      await emptyTable(store.readModels);
      const [rows, againMs] = await time(() => readModel.recompute(facts, all, '1.1'));
      if (ourDigest !== peerDigest || peerRows !== rows) throw new Error(`the two builds wrote different rows (${rows} vs ${peerRows})`);
      const buildMs = Math.min(firstBuildMs, againMs);
      table.push([
        n.toLocaleString('en-US'),
        'build readiness table (empty table; best of 2)',
        `${ms(buildMs)} (${rows.toLocaleString('en-US')} rows; ${ms(firstBuildMs)}, ${ms(againMs)})`,
        `${ms(peerBuildMs)} (per-use-case judge, then JSON inserts; same rows)`,
        ratio(buildMs, peerBuildMs),
      ]);

      const pageTimes: number[] = [];
      for (let s = 0; s < 200; s++) {
        const [, t] = await time(() =>
          store.readModels.query(
            `SELECT model_id, version, status, valid_until FROM rm_export_readiness_v1 WHERE jurisdiction = $1 AND use_case = $2 AND status = $3 ORDER BY model_id, version LIMIT 21`,
            ['EU', 'chatbot', 'READY'],
          ),
        );
        pageTimes.push(t);
      }
      const [, naiveMs] = await time(() =>
        keys
          .filter(
            (k) =>
              judgeExportReadiness(facts, { modelId: k.split('/')[0], version: '1', jurisdiction: 'EU', useCase: 'chatbot', asOf: ASOF }).status === 'READY',
          )
          .slice(0, 21),
      );
      table.push([
        n.toLocaleString('en-US'),
        'exportReadyModels page p50',
        ms(quantile(pageTimes, 0.5)),
        `${ms(naiveMs)} (judge all, filter)`,
        ratio(quantile(pageTimes, 0.5), naiveMs),
      ]);

      // 3. one equivalence withdrawn: affected rows only vs everything
      const withdrawn = CATALOG_EQUIVALENCES.find((e) => e.proposal.equivalenceId === 'eq-hk02-eu-art50')!.proposal;
      builder.apply({
        type: 'EquivalenceWithdrawn',
        data: { equivalenceId: withdrawn.equivalenceId, withdrawnBy: 'REGULATOR', reason: 'bench', withdrawnAt: '2026-11-01T00:00:00.000Z' },
        ref: { eventId: 'w', position: '2.1', type: 'EquivalenceWithdrawn' },
      });
      const [affectedRows, affectedMs] = await time(async () => {
        const affected = keys.filter((k) => sliceTouches(facts, k, { kind: 'USE_CASES', useCases: withdrawn.scope.useCases }));
        return readModel.recompute(
          facts,
          affected.map((key) => ({ key, jurisdictions: [withdrawn.foreignJurisdiction] })),
          '2.1',
        );
      });
      const [, fullMs] = await time(() => readModel.recompute(facts, all, '2.1'));
      table.push([
        n.toLocaleString('en-US'),
        'equivalence withdrawn: re-evaluate',
        `${ms(affectedMs)} (${affectedRows.toLocaleString('en-US')} rows)`,
        `${ms(fullMs)} (all ${rows.toLocaleString('en-US')} rows)`,
        ratio(affectedMs, fullMs),
      ]);
    } finally {
      await store.close();
      await database.drop();
    }

    // 4. restarts: the log in the store, the read model started as the app starts it
    const restartDb = await createTestDatabase('bench_restart');
    const restartStore = await openEventStore({ kind: 'postgres', url: restartDb.url });
    try {
      process.stderr.write(`loading ${log.length} events into the store...\n`);
      await loadLog(restartStore, log);
      const firstMs = await startReadModel(restartStore);
      const restartMs = await startReadModel(restartStore);
      table.push([n.toLocaleString('en-US'), 'restart, rows current', ms(restartMs), `${ms(firstMs)} (first start: all rows)`, ratio(restartMs, firstMs)]);
      const withdrawn = CATALOG_EQUIVALENCES.find((e) => e.proposal.equivalenceId === 'eq-hk02-eu-art50')!.proposal;
      await restartStore.store.appendToStream(
        `equivalence-${withdrawn.equivalenceId}`,
        [
          {
            type: 'EquivalenceWithdrawn',
            data: { equivalenceId: withdrawn.equivalenceId, withdrawnBy: 'REGULATOR', reason: 'bench', withdrawnAt: '2026-11-01T00:00:00.000Z' },
          },
        ],
        { expectedVersion: 'any', metadata: metadata() },
      );
      const afterMs = await startReadModel(restartStore);
      table.push([n.toLocaleString('en-US'), 'restart after a withdrawal', ms(afterMs), `${ms(firstMs)} (first start: all rows)`, ratio(afterMs, firstMs)]);

      // 5. knownAt: facts at a past position from the nearest snapshot plus the store, vs refolding the log in memory
      const verdicts = new VerdictService(restartStore.store);
      await verdicts.sync();
      const positions = (
        await restartStore.readModels.query<{ p: string }>(
          `SELECT transaction_id::text || '.' || global_position AS p FROM es_events ORDER BY transaction_id, global_position`,
        )
      ).rows.map((r) => parsePosition(r.p)!);
      const cutTimes: number[] = [];
      for (let s = 0; s < 5; s++) {
        const [, t] = await time(() => verdicts.facts(positions[Math.floor(((s + 0.5) / 5) * positions.length)]));
        cutTimes.push(t);
      }
      const [, cachedMs] = await time(() => verdicts.facts(positions[Math.floor(0.1 * positions.length)]));
      const [, prefixFoldMs] = await time(() => buildVerdictFacts(log.slice(0, Math.floor(positions.length / 2))));
      table.push([
        n.toLocaleString('en-US'),
        'knownAt facts, first ask (median of 5)',
        `${ms(quantile(cutTimes, 0.5))} (${verdicts.snapshotCount} snapshots)`,
        `${ms(prefixFoldMs)} (fold half the log in memory)`,
        ratio(quantile(cutTimes, 0.5), prefixFoldMs),
      ]);
      table.push([
        n.toLocaleString('en-US'),
        'knownAt facts, asked again',
        ms(cachedMs),
        `${ms(prefixFoldMs)} (fold half the log in memory)`,
        ratio(cachedMs, prefixFoldMs),
      ]);
    } finally {
      await restartStore.close();
      await restartDb.drop();
    }
  }
  console.log(table.toString());
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
