/**
 * npx tsx bench/projection-rebuild.bench.ts [-- 20000 100000] [--rounds 3]
 *
 * Projection rebuilds against a raw ordered SELECT of the log (issue 11's "rebuild ≥ 0.5× raw scan"), without the
 * rest of bench:scale (no app, no HTTP, no readiness build). For each size, a fresh PostgreSQL database
 * (registry_rebuild_<n>) gets bench:scale's generated log (bench/scale-log.ts), inserted 10,000 rows per statement
 * in autocommit (no long transaction), then VACUUM ANALYZE. Each round then times, in this process, one after the
 * other on the same database:
 *   - the raw ordered SELECT of bench:scale: the whole log through a cursor, 500 rows per FETCH;
 *   - rebuilds from position 0 by a ProjectionRunner configured as the app's (`PROJECTION_BATCHES`: 500 growing to 16,000),
 *     from `start` (which resets the read model, its checkpoint having been deleted) until it reaches the head:
 *     `certifications` as committed (applyBatch), `certifications (per event)` (the statements it had before,
 *     apps/registry-api/src/certifications/testing/per-event-certification.projection.ts, same tables), and `firms`
 *     (writes for ~0.5% of the events: what reading and dispatching the log costs the runner).
 * The two certifications rebuilds must leave the same tables (an md5 of every row and owner; the run stops otherwise).
 * Prints each round's times and the median ratio (events/s of the rebuild ÷ rows/s of the raw scan) per projection.
 * The batches are short transactions; other sessions on the server are not held back beyond one batch.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { Client } from 'pg';
import { openEventStore, StoreHandle } from '@registry/event-store';
import { AnyProjection, ProjectionRunner } from '@registry/projections';
import { PG_ADMIN_URL } from '../test/support/postgres';
import { CertificationProjection } from '../apps/registry-api/src/certifications/certification.projection';
import { PerEventCertificationProjection } from '../apps/registry-api/src/certifications/testing/per-event-certification.projection';
import { FirmProjection } from '../apps/registry-api/src/firms/firm.projection';
import { PROJECTION_BATCHES } from '../apps/registry-api/src/infrastructure/event-store.providers';
import { scaleEvents, scaleRow } from './scale-log';
import { rawScan } from './raw-scan';

const opts = new Command('bench:projection-rebuild')
  .argument('[sizes...]', 'event counts', [])
  .option('--rounds <n>', 'rounds per size (median reported)', (v) => Number(v), 3)
  .option('--keep', 'keep the databases (default: dropped after each size)')
  // `npx tsx bench/projection-rebuild.bench.ts -- 20000 --rounds 3` hands commander the `--`, which would end option parsing.
  .parse(process.argv.filter((arg, i) => !(i === 2 && arg === '--')));
const flags = opts.opts<{ rounds: number; keep?: boolean }>();
const SIZES = (opts.args.length ? opts.args : ['20000']).map((s) => Number(s.replace(/_/g, '')));

const log = (line: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)} load ${loadavg()[0].toFixed(1)}] ${line}\n`);
const urlOf = (database: string) => {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
};
const admin = async (sql: string) => {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const INSERT_EVENTS = `INSERT INTO es_events (stream_id, stream_version, event_id, type, data, metadata, schema_version)
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, stream_version bigint, event_id uuid, type text, data jsonb, metadata jsonb, schema_version integer)`;

const load = async (database: string, size: number): Promise<number> => {
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${database}`);
  await (await openEventStore({ kind: 'postgres', url: urlOf(database) })).close();
  const client = new Client({ connectionString: urlOf(database) });
  await client.connect();
  try {
    const versions = new Map<string, number>();
    const correlationId = randomUUID();
    let batch: object[] = [];
    let events = 0;
    const flush = async () => {
      if (batch.length) await client.query(INSERT_EVENTS, [JSON.stringify(batch)]);
      events += batch.length;
      batch = [];
    };
    for (const e of scaleEvents(size)) {
      const version = (versions.get(e.stream) ?? 0) + 1;
      versions.set(e.stream, version);
      batch.push(scaleRow(e, version, correlationId));
      if (batch.length === 10_000) await flush();
    }
    await flush();
    await client.query('VACUUM ANALYZE es_events');
    return events;
  } finally {
    await client.end();
  }
};

/** A rebuild from position 0 as the app's runner does it: from `start` until the read model reaches the head. */
const rebuild = async (handle: StoreHandle, projection: AnyProjection): Promise<number> => {
  await handle.readModels.query(
    'CREATE TABLE IF NOT EXISTS es_projection_checkpoints (name text PRIMARY KEY, version integer NOT NULL, transaction_id xid8 NOT NULL, global_position bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())',
  );
  await handle.readModels.query('DELETE FROM es_projection_checkpoints WHERE name = $1', [projection.name]);
  const head = await handle.store.headPosition();
  const runner = new ProjectionRunner(handle, [projection], PROJECTION_BATCHES);
  const started = performance.now();
  await runner.start();
  await runner.waitFor(head, 3_600_000, [projection.name]);
  const ms = performance.now() - started;
  await runner.stop();
  return ms;
};

/** Both certifications tables, every column, in one md5: the two implementations must leave the same rows. */
const certificationsDigest = async (handle: StoreHandle) =>
  (
    await handle.readModels.query<{ d: string }>(
      `SELECT md5(coalesce((SELECT string_agg(t::text, '|' ORDER BY certification_id) FROM rm_certifications t), '') || '#' ||
         coalesce((SELECT string_agg(o::text, '|' ORDER BY model_id) FROM rm_certification_model_owners o), '')) AS d`,
    )
  ).rows[0].d;

const VARIANTS: { label: string; make: () => AnyProjection }[] = [
  { label: 'certifications (applyBatch)', make: () => new CertificationProjection() },
  { label: 'certifications (per event, before)', make: () => new PerEventCertificationProjection() },
  { label: 'firms', make: () => new FirmProjection() },
];

(async () => {
  for (const size of SIZES) {
    const database = `registry_rebuild_${size}`;
    log(`${size} events: loading ${database}`);
    const events = await load(database, size);
    const handle = await openEventStore({ kind: 'postgres', url: urlOf(database) });
    const ratios = new Map<string, number[]>(VARIANTS.map((v) => [v.label, []]));
    try {
      for (let round = 1; round <= flags.rounds; round++) {
        const raw = await rawScan(urlOf(database));
        const rawRate = raw.rows / (raw.ms / 1000);
        log(`  round ${round}: raw ordered SELECT ${raw.rows} rows in ${(raw.ms / 1000).toFixed(2)} s (${Math.round(rawRate)} rows/s)`);
        const digests = new Set<string>();
        for (const variant of VARIANTS) {
          const ms = await rebuild(handle, variant.make());
          if (variant.label.startsWith('certifications')) digests.add(await certificationsDigest(handle));
          const ratio = events / (ms / 1000) / rawRate;
          ratios.get(variant.label)!.push(ratio);
          log(`    ${variant.label}: ${(ms / 1000).toFixed(2)} s, ${Math.round(events / (ms / 1000))} events/s, ${ratio.toFixed(2)}× raw`);
        }
        if (digests.size !== 1) throw new Error(`the two certifications rebuilds left different tables: ${[...digests].join(' ')}`);
      }
      const { rows } = await handle.readModels.query<{ n: number }>('SELECT count(*)::int AS n FROM rm_certifications');
      console.log(`${events} events (${rows[0].n} certification rows), ${flags.rounds} rounds, median rebuild ÷ raw ordered SELECT:`);
      for (const [label, xs] of ratios) console.log(`  ${label.padEnd(36)} ${median(xs).toFixed(2)}×   (rounds: ${xs.map((x) => x.toFixed(2)).join(', ')})`);
    } finally {
      await handle.close();
      if (!flags.keep) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
