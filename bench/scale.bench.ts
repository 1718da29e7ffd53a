/**
 * npm run bench:scale [-- 10000 100000 1000000] [--seconds 4] [--connections 8] [--projections certifications,firms] [--source head|worktree] [--keep]
 *   (or SCALE_SIZES=10000,100000; default 10k, 100k, 377k and 1M events: 377k events hold 100,149 model versions, the
 *   size issue 11's first-build goal names)
 *
 * The registry at scale, on PostgreSQL, measured against the real app as it runs. For each size, a fresh database
 * (registry_scale_<n>) gets the demo catalog exactly as the app writes it (seeded once through its commands, then
 * copied) followed by the generated log of bench/scale-log.ts, bulk-loaded into es_events. Then, with the built
 * app started on that database (by default the committed HEAD: `git archive` into a temporary folder, codegen,
 * compiled by swc as `npm run build` does, so edits in progress in the checkout are not measured; `--source
 * worktree` builds the checkout as it is, into node_modules/.cache/bench-scale):
 *   - first start: projections from position 0 until the port opens, then the readiness rows built from scratch
 *     (the first `exportReadyModels` brings them up to date and waits for it);
 *   - restart with the rows current: until the port opens, then until a first `exportReadyModels` is answered;
 *     the process's RSS (VmRSS from /proc) then, and its peak (VmHWM); then the first explained verdict (the live
 *     facts up), RSS right after it and again after 45 s idle (the goal is judged on that settled figure: by then the
 *     snapshot a restart writes in the background has finished at 1M events on a quiet machine);
 *   - `exportReadiness` over HTTP with autocannon (as bench:http) against `status { eventCount }` on the same
 *     server: requests/s and p99, and the ratio;
 *   - a `knownAt` verdict (exportReadiness at a past log position): after one warm-up cut, first ask at nine
 *     fresh cut positions between 40% and 95% of the log (median), then each asked again;
 *   - one EquivalenceWithdrawn (withdrawEquivalence, with an EU regulator's token): from the mutation until a
 *     following `exportReadyModels` is answered with rows current, and how many READY rows it changed;
 *   - the app stopped: `registry rebuild <projection>` (the CLI) timed by its own report, against a raw ordered
 *     SELECT of the whole log streamed through a cursor 500 rows at a time (the runner's batch size): the
 *     certifications read model (it writes for ~45% of the events; the goal is judged on it) and the firms one
 *     (it writes for ~0.5%: what reading and dispatching the log costs the runner).
 * Prints one table with ratios, and the goals of issue 11 met or not.
 */
import { ChildProcess, execFileSync, execSync, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon, { Result } from 'autocannon';
import Table from 'cli-table3';
import { Command } from 'commander';
import { Client } from 'pg';
import { openEventStore } from '@registry/event-store';
import { loadOrCreateLocalKeys, signToken } from '../apps/registry-api/src/auth/local-keys';
import { PG_ADMIN_URL } from '../test/support/postgres';
import { scaleEvents, scaleModelId, scaleRow } from './scale-log';
import { rawScan } from './raw-scan';

const opts = new Command('bench:scale')
  .argument('[sizes...]', 'event counts', [])
  .option('--seconds <n>', 'seconds per HTTP measurement', (v) => Number(v), 4)
  .option('--connections <n>', 'concurrent HTTP connections', (v) => Number(v), 8)
  .option('--projections <list>', 'projections rebuilt by `registry rebuild`, the goal judged on the first', (v) => v.split(','), ['certifications', 'firms'])
  .option('--start-timeout <s>', 'give up on a start after this many seconds', (v) => Number(v), 3600)
  .option('--source <where>', 'head (the committed HEAD, default) or worktree (the checkout as it is)', 'head')
  .option('--keep', 'keep the scale databases (default: dropped after each size)')
  .parse();
const flags = opts.opts<{ seconds: number; connections: number; projections: string[]; startTimeout: number; source: string; keep?: boolean }>();
const SIZES = (opts.args.length ? opts.args : (process.env.SCALE_SIZES ?? '10000,100000,377000,1000000').split(',')).map((s) => Number(s.replace(/_/g, '')));

const ROOT = join(__dirname, '..');
const WORK = join(tmpdir(), 'registry-bench-scale');
/** The source tree measured (its own bin/registry.js runs the rebuilds) and where it is compiled to. */
let SOURCE = ROOT;
let BUILD = join(ROOT, 'node_modules/.cache/bench-scale');
let measured = 'the checkout as it is (--source worktree)';
const KEY_DIR = join(WORK, 'auth');
const EQUIVALENCE = 'eq-hk02-eu-art50';
/** Idle time after the first explained verdict before the settled RSS is read. */
const SETTLE_MS = 45_000;

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
const dropDatabase = (name: string) => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
/** Each line says the machine's 1-minute load average: other work on the machine moves every figure. */
const log = (line: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)} load ${loadavg()[0].toFixed(1)}] ${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const ms = (v: number) => (v < 1 ? `${(v * 1000).toFixed(0)} µs` : `${v.toFixed(v < 10 ? 1 : 0)} ms`);
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const n = (v: number) => v.toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ---------------------------------------------------------------------------------------------- the app process

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  /** From spawn until the port opened (ms). */
  readonly portMs: number;
}

const envFor = (database: string, seed = false): NodeJS.ProcessEnv => ({
  ...process.env,
  DATABASE_URL: urlOf(database),
  REGISTRY_DATA_DIR: WORK,
  AUTH_KEY_DIR: KEY_DIR,
  REGISTRY_SEED_DEMO: seed ? '1' : '0',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_AUTHENTICATED: '100000000',
});

/** Starts the built registry; resolves once it prints its address (its projections have caught up by then). */
const startRegistry = async (database: string, seed = false): Promise<Running> => {
  const port = await freePort();
  const started = performance.now();
  // With the flags `npm start` and the Dockerfile run it with.
  const child = spawn(process.execPath, ['--max-semi-space-size=32', join(BUILD, 'apps/registry-api/src/main.js')], {
    cwd: SOURCE,
    env: { ...envFor(database, seed), PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`registry did not start within ${flags.startTimeout} s`)), flags.startTimeout * 1000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('GraphQL API')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`registry exited with ${code ?? signal}`));
    });
  });
  return { child, url: `http://127.0.0.1:${port}/graphql`, portMs: performance.now() - started };
};

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** VmRSS and VmHWM (peak) of a process, in kB. */
const memoryOf = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: field('VmRSS'), peak: field('VmHWM') };
};

let reader = '';
let regulator = '';

const gql = async <T>(url: string, query: string, token = reader): Promise<{ data: T; ms: number }> => {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  const took = performance.now() - started;
  if (response.status !== 200 || body.errors || !body.data)
    throw new Error(`${query.slice(0, 80)}: HTTP ${response.status} ${JSON.stringify(body).slice(0, 400)}`);
  return { data: body.data, ms: took };
};

const READY_ROWS = `{ exportReadyModels(jurisdiction: "EU", useCase: "chatbot", first: 1) { totalCount } }`;
const readyRows = (url: string) => gql<{ exportReadyModels: { totalCount: number } }>(url, READY_ROWS);
const TRIVIAL = `{ status { eventCount } }`;
const readinessQuery = (modelId: string, knownAt?: string) =>
  `{ exportReadiness(input: { modelId: "${modelId}", version: "1", jurisdiction: "EU", useCase: "chatbot"${knownAt ? `, knownAt: "${knownAt}"` : ''} }) {
    status computedAt validUntil lines { requirement { requirementId title } status reason via { equivalenceId hkRequirementId } } } }`;

const load = (url: string, query: string): Promise<Result> =>
  new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${reader}` },
        body: JSON.stringify({ query }),
        connections: flags.connections,
        duration: flags.seconds,
        maxOverallRequests: 5000 * flags.seconds,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });

// ---------------------------------------------------------------------------------------------- the log

interface SeedRow {
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  data: unknown;
  metadata: unknown;
  schema_version: number;
}

/** The demo catalog as the app writes it through its own commands (signatures, regulator keys, idempotency keys). */
const seedCatalog = async (): Promise<SeedRow[]> => {
  const database = 'registry_scale_seed';
  await dropDatabase(database);
  await admin(`CREATE DATABASE ${database}`);
  try {
    const app = await startRegistry(database, true);
    await stop(app.child);
    const client = new Client({ connectionString: urlOf(database) });
    await client.connect();
    try {
      const { rows } = await client.query<SeedRow>(
        `SELECT stream_id, stream_version::int, event_id, type, data, metadata, schema_version FROM es_events ORDER BY transaction_id, global_position`,
      );
      return rows;
    } finally {
      await client.end();
    }
  } finally {
    await dropDatabase(database);
  }
};

const INSERT_EVENTS = `INSERT INTO es_events (stream_id, stream_version, event_id, type, data, metadata, schema_version)
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, stream_version bigint, event_id uuid, type text, data jsonb, metadata jsonb, schema_version integer)`;

interface Loaded {
  readonly events: number;
  readonly versions: number;
  readonly loadMs: number;
}

/** A fresh database with the store's schema, the catalog, then `size` generated events, 10,000 per statement. */
const loadDatabase = async (database: string, size: number, seed: readonly SeedRow[]): Promise<Loaded> => {
  const started = performance.now();
  await dropDatabase(database);
  await admin(`CREATE DATABASE ${database}`);
  const store = await openEventStore({ kind: 'postgres', url: urlOf(database) });
  await store.close();
  const client = new Client({ connectionString: urlOf(database) });
  await client.connect();
  try {
    const versions = new Map<string, number>();
    for (const row of seed) versions.set(row.stream_id, row.stream_version);
    await client.query(INSERT_EVENTS, [JSON.stringify(seed)]);
    const correlationId = randomUUID();
    let batch: object[] = [];
    let events = seed.length;
    let modelVersions = 2; // the demo catalog's
    const flush = async () => {
      if (batch.length) await client.query(INSERT_EVENTS, [JSON.stringify(batch)]);
      events += batch.length;
      batch = [];
    };
    for (const e of scaleEvents(size - seed.length)) {
      const version = (versions.get(e.stream) ?? 0) + 1;
      versions.set(e.stream, version);
      if (e.event.type === 'ModelVersionRegistered') modelVersions++;
      batch.push(scaleRow(e, version, correlationId));
      if (batch.length === 10_000) {
        await flush();
        if (events % 100_000 < 10_000) log(`  ${n(events)} events loaded`);
      }
    }
    await flush();
    const streams = [...versions];
    for (let i = 0; i < streams.length; i += 20_000)
      await client.query(
        `INSERT INTO es_streams (stream_id, version) SELECT * FROM unnest($1::text[], $2::bigint[])
         ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version`,
        [streams.slice(i, i + 20_000).map(([s]) => s), streams.slice(i, i + 20_000).map(([, v]) => v)],
      );
    // As autovacuum would have by then on a log grown over months: visibility map and planner statistics.
    await client.query('VACUUM ANALYZE es_events');
    await client.query('VACUUM ANALYZE es_streams');
    return { events, versions: modelVersions, loadMs: performance.now() - started };
  } finally {
    await client.end();
  }
};

// ---------------------------------------------------------------------------------------------- one size

interface SizeResult {
  size: number;
  loaded: Loaded;
  first: { portMs: number; buildMs: number; rss: number; peak: number };
  restart: { portMs: number; rowsMs: number; rowsRss: number; factsMs: number; rss: number; peak: number; settledRss: number };
  http: { readiness: Result; trivial: Result };
  knownAt: { firstMs: number[]; againMs: number[]; liveMs: number };
  withdrawal: { mutationMs: number; rowsMs: number; readyBefore: number; readyAfter: number };
  rebuilds: { projection: string; seconds: number; wallMs: number; report: string }[];
  raw: { ms: number; rows: number };
}

const positionAt = async (client: Client, offset: number) =>
  (
    await client.query<{ p: string }>(
      `SELECT transaction_id::text || '.' || global_position AS p FROM es_events ORDER BY transaction_id, global_position OFFSET $1 LIMIT 1`,
      [offset],
    )
  ).rows[0].p;

const rebuild = (database: string, projection: string) => {
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(SOURCE, 'bin/registry.js'), 'rebuild', projection], {
    cwd: SOURCE,
    env: envFor(database),
    encoding: 'utf8',
  });
  const wallMs = performance.now() - started;
  const report = (result.stdout ?? '').trim();
  const match = / in ([\d.]+) s/.exec(report);
  if (result.status !== 0 || !match) throw new Error(`registry rebuild ${projection}: exit ${result.status} ${report} ${result.stderr}`);
  return { projection, seconds: Number(match[1]), wallMs, report };
};

const measureSize = async (size: number, seed: readonly SeedRow[]): Promise<SizeResult> => {
  const database = `registry_scale_${size}`;
  log(`${n(size)} events: loading ${database}`);
  const loaded = await loadDatabase(database, size, seed);
  log(`  ${n(loaded.events)} events, ${n(loaded.versions)} model versions loaded in ${seconds(loaded.loadMs)}`);
  try {
    // First start: every projection from position 0, then the readiness rows from scratch.
    let app = await startRegistry(database);
    log(`  first start: port open after ${seconds(app.portMs)}; building the readiness rows`);
    const build = await readyRows(app.url);
    const firstMemory = memoryOf(app.child.pid!);
    const first = { portMs: app.portMs, buildMs: build.ms, ...firstMemory };
    log(`  first build ${seconds(build.ms)} (${n(build.data.exportReadyModels.totalCount)} EU chatbot rows READY), RSS ${mb(firstMemory.rss)}`);
    await stop(app.child);

    // Restart with the rows current.
    app = await startRegistry(database);
    const rows = await readyRows(app.url);
    const rowsMemory = memoryOf(app.child.pid!);
    // The rows can be current before the live verdict facts are up (they come up behind, see ReadinessReadModel):
    // the first explained verdict waits for them, and memory is judged once they are held.
    const modelId = scaleModelId(2 * Math.floor(loaded.versions / 8)); // an even (generative) model half-way through the log
    const firstVerdict = await gql(app.url, readinessQuery(modelId));
    const restartMemory = memoryOf(app.child.pid!);
    // And once the process has settled: what a full collection freed goes back to the system over a few seconds.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const settled = memoryOf(app.child.pid!);
    const restart = {
      portMs: app.portMs,
      rowsMs: app.portMs + rows.ms,
      rowsRss: rowsMemory.rss,
      factsMs: app.portMs + rows.ms + firstVerdict.ms,
      ...restartMemory,
      settledRss: settled.rss,
    };
    log(
      `  restart: port ${seconds(app.portMs)}, rows current ${seconds(restart.rowsMs)} (RSS ${mb(rowsMemory.rss)}), first verdict ${seconds(restart.factsMs)}, RSS ${mb(restartMemory.rss)} (peak ${mb(restartMemory.peak)}), ${mb(settled.rss)} ${SETTLE_MS / 1000} s later`,
    );

    try {
      // HTTP: exportReadiness against the trivial query on the same server.
      await gql(app.url, TRIVIAL);
      // Warm-up of both queries (JIT, connections, plans): before, only the trivial one was warmed, and the readiness
      // query's own code path was compiled inside its measured seconds.
      await load(app.url, TRIVIAL);
      await load(app.url, readinessQuery(modelId));
      const readiness = await load(app.url, readinessQuery(modelId));
      const trivial = await load(app.url, TRIVIAL);
      log(`  HTTP: exportReadiness ${readiness.requests.average.toFixed(0)} req/s, trivial ${trivial.requests.average.toFixed(0)} req/s`);

      // knownAt: five fresh cuts, then the same cuts again.
      const client = new Client({ connectionString: urlOf(database) });
      await client.connect();
      const cuts: string[] = [];
      try {
        for (const f of [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 0.95]) cuts.push(await positionAt(client, Math.floor(f * loaded.events)));
      } finally {
        await client.end();
      }
      // A first knownAt ask pays for compiling its code path: one warm-up cut, not counted.
      await gql(app.url, readinessQuery(modelId, cuts.shift()));
      const firstMs: number[] = [];
      const againMs: number[] = [];
      for (const cut of cuts) firstMs.push((await gql(app.url, readinessQuery(modelId, cut))).ms);
      for (const cut of cuts) againMs.push((await gql(app.url, readinessQuery(modelId, cut))).ms);
      const live: number[] = [];
      for (let i = 0; i < 5; i++) live.push((await gql(app.url, readinessQuery(modelId))).ms);
      const knownAt = { firstMs, againMs, liveMs: median(live) };
      log(`  knownAt: first ask ${firstMs.map((t) => ms(t)).join(', ')}; again ${againMs.map((t) => ms(t)).join(', ')}`);

      // One equivalence withdrawn by the EU regulator, until the rows are current again.
      const readyBefore = (await readyRows(app.url)).data.exportReadyModels.totalCount;
      const started = performance.now();
      const mutation = await gql(
        app.url,
        `mutation { withdrawEquivalence(input: { equivalenceId: "${EQUIVALENCE}", reason: "bench:scale: one equivalence change" }) { id status } }`,
        regulator,
      );
      const after = await readyRows(app.url);
      const withdrawal = {
        mutationMs: mutation.ms,
        rowsMs: performance.now() - started,
        readyBefore,
        readyAfter: after.data.exportReadyModels.totalCount,
      };
      log(`  withdrawal: rows current ${seconds(withdrawal.rowsMs)} after the mutation; READY EU chatbot ${n(readyBefore)} → ${n(withdrawal.readyAfter)}`);

      await stop(app.child);
      const rebuilds = flags.projections.map((projection) => {
        const rebuilt = rebuild(database, projection);
        log(`  ${rebuilt.report}`);
        return rebuilt;
      });
      const raw = await rawScan(urlOf(database));
      log(`  raw ordered SELECT: ${n(raw.rows)} rows in ${seconds(raw.ms)}`);
      return { size, loaded, first, restart, http: { readiness, trivial }, knownAt, withdrawal, rebuilds, raw };
    } finally {
      await stop(app.child);
    }
  } finally {
    if (!flags.keep) await dropDatabase(database);
  }
};

// ---------------------------------------------------------------------------------------------- report

const print = (results: SizeResult[]) => {
  const table = new Table({ style: { head: [], border: [] }, head: ['events (model versions)', 'measure', 'figure', 'peer / ratio'] });
  const base = results.find((r) => r.size === Math.min(...results.map((x) => x.size)));
  for (const r of results) {
    const label = `${n(r.loaded.events)} (${n(r.loaded.versions)})`;
    const row = (measure: string, figure: string, peer = '') => table.push([label, measure, figure, peer]);
    row('bulk load (generate + INSERT + VACUUM ANALYZE)', seconds(r.loaded.loadMs));
    row('first start: port open (projections from 0)', seconds(r.first.portMs));
    row('first build: readiness rows from scratch (1st exportReadyModels)', seconds(r.first.buildMs), `RSS then ${mb(r.first.rss)}, peak ${mb(r.first.peak)}`);
    row('restart: port open', seconds(r.restart.portMs));
    row('restart: rows current (port + 1st exportReadyModels)', seconds(r.restart.rowsMs));
    row('restart: first explained verdict (port + rows + 1st exportReadiness, the live facts up)', seconds(r.restart.factsMs));
    row(
      'RSS after restart, live facts up (VmRSS)',
      mb(r.restart.rss),
      `peak (VmHWM) ${mb(r.restart.peak)}; ${mb(r.restart.rowsRss)} when the rows were current`,
    );
    row(`RSS after restart, settled (${SETTLE_MS / 1000} s idle after the first explained verdict)`, mb(r.restart.settledRss));
    const rps = r.http.readiness.requests.average;
    const trivialRps = r.http.trivial.requests.average;
    row(
      `exportReadiness HTTP (${flags.connections} conn, ${flags.seconds} s): req/s, p99`,
      `${rps.toFixed(0)} req/s, p99 ${ms(r.http.readiness.latency.p99)}`,
      `trivial ${trivialRps.toFixed(0)} req/s, p99 ${ms(r.http.trivial.latency.p99)}: ${(rps / trivialRps).toFixed(2)}×`,
    );
    const knownAt = median(r.knownAt.firstMs);
    row(
      'knownAt verdict, first ask at a fresh cut (median of 9, HTTP)',
      ms(knownAt),
      `${base && base !== r ? `${(knownAt / median(base.knownAt.firstMs)).toFixed(2)}× the ${n(base.loaded.events)} figure; ` : ''}live verdict ${ms(r.knownAt.liveMs)}`,
    );
    row('knownAt verdict, same cut asked again (median of 9)', ms(median(r.knownAt.againMs)));
    row(
      `one EquivalenceWithdrawn (${EQUIVALENCE}): mutation → rows current`,
      seconds(r.withdrawal.rowsMs),
      `mutation ${ms(r.withdrawal.mutationMs)}; READY EU chatbot rows ${n(r.withdrawal.readyBefore)} → ${n(r.withdrawal.readyAfter)}`,
    );
    const rawRate = r.raw.rows / (r.raw.ms / 1000);
    for (const rebuilt of r.rebuilds) {
      // Under the CLI's resolution (0.00 s): the wall time of the whole command, start-up included, is the bound.
      const rebuildRate = r.loaded.events / (rebuilt.seconds || rebuilt.wallMs / 1000);
      row(
        `rebuild ${rebuilt.projection} (registry rebuild): events/s`,
        `${n(Math.round(rebuildRate))} /s (${rebuilt.seconds ? `${rebuilt.seconds} s` : `under 0.01 s; ${seconds(rebuilt.wallMs)} with start-up`})`,
        `raw ordered SELECT ${n(Math.round(rawRate))} /s (${seconds(r.raw.ms)}): ${(rebuildRate / rawRate).toFixed(2)}×`,
      );
    }
  }
  console.log(`measured: ${measured}`);
  console.log(table.toString());

  const top = results.find((r) => r.size === Math.max(...results.map((x) => x.size)))!;
  const goal = (what: string, ok: boolean, figure: string) => console.log(`  ${ok ? 'met    ' : 'NOT met'}  ${what}: ${figure}`);
  console.log(`goals (issue 11), at ${n(top.loaded.events)} events unless named:`);
  goal(
    `RSS after start < 600 MB (the live facts up, settled ${SETTLE_MS / 1000} s)`,
    top.restart.settledRss < 600 * 1024,
    `${mb(top.restart.settledRss)} (${mb(top.restart.rss)} right after the first explained verdict)`,
  );
  goal(
    'start with rows current < 15 s',
    top.restart.rowsMs < 15_000,
    `${seconds(top.restart.rowsMs)} (first explained verdict ${seconds(top.restart.factsMs)})`,
  );
  // The goal names 100k model versions: judged at a size with 100k–110k (377k events hold 100,149); a larger one is
  // reported, not judged (the first build grows with the versions: 265,682 at 1M events).
  const atLeast = results.filter((r) => r.loaded.versions >= 100_000).sort((a, b) => a.loaded.versions - b.loaded.versions);
  const hundredK = atLeast.find((r) => r.loaded.versions <= 110_000);
  if (hundredK)
    goal(
      `first build at 100k model versions < 10 s (${n(hundredK.loaded.versions)} versions)`,
      hundredK.first.buildMs < 10_000,
      seconds(hundredK.first.buildMs),
    );
  else
    console.log(
      `  (no size with 100k–110k model versions, first-build goal not judged${atLeast[0] ? `; ${seconds(atLeast[0].first.buildMs)} at ${n(atLeast[0].loaded.versions)} versions` : ''}: \`npm run bench:scale -- 377000\` has 100,149)`,
    );
  const ratio = top.http.readiness.requests.average / top.http.trivial.requests.average;
  goal('exportReadiness ≥ 0.7× trivial rps', ratio >= 0.7, `${ratio.toFixed(2)}×`);
  if (base && base !== top) {
    const k = median(top.knownAt.firstMs) / median(base.knownAt.firstMs);
    goal(`knownAt verdict within 2× its cost at ${n(base.loaded.events)}`, k <= 2, `${k.toFixed(2)}×`);
  }
  const rebuildRatio = top.loaded.events / (top.rebuilds[0].seconds || top.rebuilds[0].wallMs / 1000) / (top.raw.rows / (top.raw.ms / 1000));
  goal(`projection rebuild (${top.rebuilds[0].projection}) ≥ 0.5× raw ordered SELECT`, rebuildRatio >= 0.5, `${rebuildRatio.toFixed(2)}×`);
};

(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  if (flags.source === 'head') {
    // The committed HEAD, exported: another helper's edit in progress in the checkout is not what is measured.
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    SOURCE = join(WORK, 'source');
    BUILD = join(SOURCE, 'dist');
    mkdirSync(SOURCE, { recursive: true });
    execSync(`git archive ${sha} | tar -x -C ${SOURCE}`, { cwd: ROOT });
    symlinkSync(join(ROOT, 'node_modules'), join(SOURCE, 'node_modules'));
    execFileSync(process.execPath, [require.resolve('tsx/cli', { paths: [ROOT] }), 'scripts/codegen.ts'], { cwd: SOURCE, stdio: 'inherit' });
    measured = `HEAD ${sha.slice(0, 7)} (${execFileSync('git', ['log', '-1', '--format=%cI', sha], { cwd: ROOT, encoding: 'utf8' }).trim()})`;
  } else if (flags.source !== 'worktree') throw new Error(`--source head or worktree, not ${flags.source}`);
  log(`measuring ${measured}`);
  // The same compilation as `npm run build` (dist/ of the checkout is left alone).
  execFileSync(
    join(ROOT, 'node_modules/.bin/swc'),
    ['apps', 'libs', '-d', BUILD, '--config-file', '.swcrc', '--ignore', '**/*.spec.ts,**/*.int-spec.ts,**/testing/**', '--quiet'],
    { cwd: SOURCE, stdio: 'inherit' },
  );
  const keys = await loadOrCreateLocalKeys(KEY_DIR);
  reader = await signToken(keys.privateKey, { sub: 'bench-scale-reader', role: 'REGISTRAR' }, '24h');
  regulator = await signToken(keys.privateKey, { sub: 'bench-scale-eu-regulator', role: 'REGULATOR', acting_for: 'EU' }, '24h');
  log('seeding the demo catalog through the app');
  const seed = await seedCatalog();
  log(`  ${seed.length} catalog events`);
  const results: SizeResult[] = [];
  for (const size of SIZES) {
    try {
      results.push(await measureSize(size, seed));
    } catch (error) {
      log(`${n(size)} events: FAILED: ${(error as Error).message}`);
    }
  }
  if (results.length) print(results);
  rmSync(WORK, { recursive: true, force: true });
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
