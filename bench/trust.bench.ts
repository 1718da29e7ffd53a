/**
 * npm run bench:trust [-- --appends 300 --rounds 7 --leaves 1000000 --markdown out.md]
 *
 * 1. Append throughput with the transparency tree maintained vs without it: the same concurrent writers
 *    (4 streams, one event per append, yielding to the event loop between appends as a server does between
 *    requests) against a fresh database each time, the projection runner running beside them with nothing, with
 *    the tree (a background projection, wake-ups coalesced), and with the tree AND a checkpoint signed every
 *    --sign-every ms (CheckpointPublisher on its timer, as in the app). Rounds interleave the variants (each round
 *    runs every variant back to back, in a rotating order); events/s are the median of the rounds, each ratio is
 *    the median of the rounds' own ratios, and every round's ratio is printed (the spread: the machine is shared).
 *    `--eager` adds the tree woken by every append (the schedule before coalescing), for comparison.
 * 2. Profile: what a tree batch costs against an append. N appends with no runner (ms per append), then the tree
 *    applied to them in batches of the size the runs above saw, split into reading the events, hashing the leaves
 *    and writing (rows, checkpoint, commit).
 * 3. Inclusion proof latency at a large tree synthesised in SQL (leaves SHA-256 of their index, parents per
 *    RFC 9162), then TransparencyLog.inclusionProof for random leaves; a sample is verified.
 * 4. Offline verification of one credential.
 * Absolute numbers are noisy on 2 shared cores; compare the ratios of one run.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import Table from 'cli-table3';
import { Command } from 'commander';
import { LOG_START, LogPosition, maxPosition, openEventStore, RecordedEvent, SqlExecutor, StoreConfig, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { ProjectionRunner } from '@registry/projections';
import { leafHashOf, noteSigner, STORED_LEVEL_STRIDE, verifyInclusion } from '@registry/transparency';
import { verifyCredential } from '@registry/verifier';
import { world } from '@registry/verifier/testing/world';
import { compactVerify, importJWK, JWK } from 'jose';
import { createTestDatabase } from '../test/support/postgres';
import { TransparencyTreeProjection } from '../apps/registry-api/src/transparency/transparency-tree.projection';
import { TransparencyLog } from '../apps/registry-api/src/transparency/transparency-log.service';
import { CheckpointPublisher } from '../apps/registry-api/src/transparency/checkpoint-publisher';
import { TransparencyConfig } from '../apps/registry-api/src/config/transparency.config';
import { setupCheckpointTables } from '../apps/registry-api/src/transparency/checkpoint-store';
import { readNodes, readRoot, setupTreeTables } from '../apps/registry-api/src/transparency/tree-store';

const opts = new Command('bench:trust')
  .option('--appends <n>', 'appends per writer', (v) => Number(v), 300)
  .option('--writers <n>', 'concurrent writers', (v) => Number(v), 4)
  .option('--appends-profile <n>', 'appends in the batch-cost profile', (v) => Number(v), 2000)
  .option('--rounds <n>', 'rounds per variant', (v) => Number(v), 7)
  .option('--eager', 'also run the tree woken by every append (the schedule before coalescing)')
  .option('--skip-proofs', 'skip the proof latency and offline verification parts')
  .option('--sign-every <ms>', 'checkpoint interval in the signing variant (ms)', (v) => Number(v), 50)
  .option('--leaves <n>', 'tree size for the proof latency', (v) => Number(v), 1_000_000)
  .option('--pglite-leaves <n>', 'tree size for the proof latency on PGlite', (v) => Number(v), 100_000)
  .option('--proofs <n>', 'proofs timed', (v) => Number(v), 2000)
  .option('--verifications <n>', 'offline credential verifications timed', (v) => Number(v), 200)
  .option('--markdown <file>', 'also append the results to this Markdown file')
  .parse()
  .opts<{
    appends: number;
    writers: number;
    appendsProfile: number;
    rounds: number;
    eager?: boolean;
    skipProofs?: boolean;
    signEvery: number;
    leaves: number;
    pgliteLeaves: number;
    proofs: number;
    verifications: number;
    markdown?: string;
  }>();

type Target = { name: string; open: () => Promise<{ config: StoreConfig; dispose: () => Promise<void> }> };
const targets: Target[] = [
  {
    name: 'PostgreSQL',
    open: async () => {
      const db = await createTestDatabase('trust_bench');
      return { config: { kind: 'postgres', url: db.url, poolSize: 10 }, dispose: () => db.drop() };
    },
  },
  { name: 'PGlite', open: async () => ({ config: { kind: 'pglite' }, dispose: async () => undefined }) },
];

const logConfig = (checkpointIntervalMs: number): TransparencyConfig => ({
  origin: 'bench',
  signingKey: { kind: 'local', keyDir: '/unused' },
  retiredVerifierKeys: [],
  checkpointIntervalMs,
});
const benchSigner = noteSigner('bench', generateKeyPairSync('ed25519').privateKey);

type Variant = 'without' | 'eager' | 'tree' | 'signing';

/** The tree scheduled as before coalescing: an awaited projection, woken at once by every append. */
class EagerTreeProjection extends TransparencyTreeProjection {
  override readonly schedule: 'awaited' | 'background' = 'awaited';
}
interface AppendResult {
  eventsPerSecond: number;
  lagMs: number;
  p50: number;
  p99: number;
  checkpoints: number;
  /** Tree batches (transactions) the runner applied during the run. */
  batches: number;
  /** … and in all, the catch-up after the last append included. */
  batchesTotal: number;
  /**
   * CPU time per event (ms), appends and the tree's catch-up included: this process (the writers, the runner and,
   * for PGlite, the database) plus, for PostgreSQL, the server backends of the run's database. On shared cores a
   * run's wall time moves with the other work on the machine; the CPU a run consumed moves much less.
   */
  cpuMsPerEvent: number;
}

/** CPU ticks (user + system) of the PostgreSQL backends serving this database, by pid (read from /proc). */
const backendTicks = async (db: SqlExecutor): Promise<Map<number, number>> => {
  const { rows } = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  const ticks = new Map<number, number>();
  for (const { pid } of rows)
    try {
      // Fields after the command name: state is field 3, utime 14, stime 15 (1-based over the whole line).
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // a backend that exited meanwhile
    }
  return ticks;
};
const CLOCK_TICK_MS = 10; // USER_HZ = 100 on Linux

const appendRun = async (target: Target, variant: Variant): Promise<AppendResult> => {
  const t = await target.open();
  const handle = await openEventStore(t.config);
  let batches = 0;
  const runner = new ProjectionRunner(
    handle,
    variant === 'without' ? [] : [variant === 'eager' ? new EagerTreeProjection() : new TransparencyTreeProjection()],
    {
      onBatch: () => void batches++,
    },
  );
  await runner.start();
  // As in the app: the publisher signs on its own timer, beside the appends.
  const publisher = variant === 'signing' ? new CheckpointPublisher(handle.readModels, benchSigner, logConfig(opts.signEvery)) : undefined;
  await publisher?.onApplicationBootstrap();
  const latencies: number[] = [];
  const postgres = t.config.kind === 'postgres';
  const serverBefore = postgres ? await backendTicks(handle.readModels) : new Map<number, number>();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const last = await Promise.all(
    Array.from({ length: opts.writers }, async (_, w) => {
      let p: LogPosition = LOG_START;
      for (let i = 0; i < opts.appends; i++) {
        const t0 = performance.now();
        p = (
          await handle.store.appendToStream(`bench-${w}`, [{ type: 'Thing', data: { w, i, text: 'some payload of a typical size for a registry event' } }], {
            expectedVersion: i,
            metadata: metadata(),
          })
        ).position;
        latencies.push(performance.now() - t0);
        // As a server takes each request from the event loop: timers (the runner's coalescing, the publisher's
        // interval) get their turn between appends. Without it an in-process PGlite burst never yields to them.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      return p;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const batchesDuringRun = batches;
  const lagStart = performance.now();
  if (variant !== 'without') await runner.waitFor(last.reduce(maxPosition, LOG_START), 120_000, 'all');
  const lagMs = performance.now() - lagStart;
  const cpu = process.cpuUsage(cpuBefore);
  let serverTicks = 0;
  if (postgres) for (const [pid, after] of await backendTicks(handle.readModels)) serverTicks += after - (serverBefore.get(pid) ?? 0);
  await publisher?.onModuleDestroy();
  const checkpoints = publisher ? Number((await handle.readModels.query<{ n: string }>('SELECT count(*)::text AS n FROM tl_checkpoints')).rows[0].n) : 0;
  await runner.stop();
  await handle.close();
  await t.dispose();
  latencies.sort((a, b) => a - b);
  return {
    eventsPerSecond: (opts.writers * opts.appends) / seconds,
    lagMs,
    p50: latencies[Math.floor(latencies.length / 2)],
    p99: latencies[Math.floor(latencies.length * 0.99)],
    checkpoints,
    batches: batchesDuringRun,
    batchesTotal: batches,
    cpuMsPerEvent: ((cpu.user + cpu.system) / 1000 + serverTicks * CLOCK_TICK_MS) / (opts.writers * opts.appends),
  };
};

/**
 * A tree of n leaves written straight into its tables in SQL: the leaf hashes into tl_leaves, every level folded
 * in a scratch table, and the stored levels (4, 8, …) copied into tl_nodes.
 */
const synthesiseTree = async (store: StoreHandle, n: number) => {
  await setupTreeTables(store.readModels);
  await setupCheckpointTables(store.readModels);
  await store.readModels.query(
    `INSERT INTO tl_leaves (leaf_index, event_id, transaction_id, global_position, hash)
     SELECT g, md5(g::text)::uuid, '1'::xid8, g, sha256(int8send(g)) FROM generate_series(0, $1::bigint - 1) g`,
    [n],
  );
  await store.readModels.query('CREATE TEMP TABLE bench_nodes (level int, idx bigint, hash bytea, PRIMARY KEY (level, idx))');
  await store.readModels.query('INSERT INTO bench_nodes SELECT 0, leaf_index, hash FROM tl_leaves');
  for (let level = 0, count = n; count > 1; level++, count = Math.floor(count / 2))
    await store.readModels.query(
      `INSERT INTO bench_nodes (level, idx, hash)
       SELECT $1::int + 1, a.idx / 2, sha256('\\x01'::bytea || a.hash || b.hash)
       FROM bench_nodes a JOIN bench_nodes b ON b.level = a.level AND b.idx = a.idx + 1
       WHERE a.level = $1::int AND a.idx % 2 = 0`,
      [level],
    );
  await store.readModels.query(
    `INSERT INTO tl_nodes (level, idx, hash) SELECT level, idx, hash FROM bench_nodes WHERE level > 0 AND level % ${STORED_LEVEL_STRIDE} = 0`,
  );
  await store.readModels.query('DROP TABLE bench_nodes');
  await store.readModels.query('UPDATE tl_tree SET size = $1 WHERE id = 1', [n]);
  const root = await readRoot(store.readModels, n);
  // Only the size matters to the proof service; the note is not read here.
  await store.readModels.query(`INSERT INTO tl_checkpoints (tree_size, root_hash, origin, key_id, note) VALUES ($1, $2, 'bench', '00000000', 'bench')`, [
    n,
    Buffer.from(root),
  ]);
  return root;
};

const proofRun = async (target: Target, n: number) => {
  const t = await target.open();
  const store = await openEventStore(t.config);
  const built = performance.now();
  const root = await synthesiseTree(store, n);
  const buildSeconds = (performance.now() - built) / 1000;
  const log = new TransparencyLog(store.readModels, undefined as never, benchSigner, logConfig(5000));
  const times: number[] = [];
  let verified = 0;
  for (let i = 0; i < opts.proofs; i++) {
    const leaf = Math.floor(Math.random() * n);
    const t0 = performance.now();
    const proof = await log.inclusionProof(leaf, n);
    times.push(performance.now() - t0);
    if (i % 100 === 0) {
      const leafHash = (await readNodes(store.readModels, [{ level: 0, index: leaf }]))({ level: 0, index: leaf });
      if (
        !verifyInclusion(
          leaf,
          n,
          leafHash,
          proof.hashes.map((h) => Buffer.from(h, 'base64')),
          root,
        )
      )
        throw new Error(`proof for leaf ${leaf} does not verify`);
      verified++;
    }
  }
  times.sort((a, b) => a - b);
  await store.close();
  await t.dispose();
  return { n, buildSeconds, p50: times[Math.floor(times.length / 2)], p99: times[Math.floor(times.length * 0.99)], verified };
};

/**
 * Offline verification of one export-readiness credential with everything a verifier checks: its signature
 * (JWKS), validity, two status lists (each signature-checked and decompressed), a regulator's countersignature,
 * the signed checkpoint and three inclusion proofs. Compared with one ES256 signature check, the floor.
 */
const offlineVerification = async (runs: number) => {
  const w = await world();
  const jws = await w.sign(w.credential);
  const report = await verifyCredential(jws, w.options);
  if (!report.ok) throw new Error(`the benchmark credential does not verify: ${JSON.stringify(report.checks.filter((c) => !c.ok))}`);
  const time = async (work: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await work();
      times.push(performance.now() - started);
    }
    times.sort((x, y) => x - y);
    return { p50: times[Math.floor(runs / 2)], p99: times[Math.floor(runs * 0.99)] };
  };
  const key = await importJWK(w.options.jwks!.keys[0] as JWK, 'ES256');
  const full = await time(() => verifyCredential(jws, w.options));
  const signatureOnly = await time(() => compactVerify(jws, key));
  return { full, signatureOnly, checks: report.checks.length };
};

/**
 * What a tree batch costs against an append: `n` appends (4 streams, one event each, no runner), then the tree
 * applied to them by the runner in batches of `batchSize`, timed as a whole and inside the projection's
 * applyBatch; the leaves hashed again alone give the split: runner (lock, read, checkpoint, commit) = whole −
 * applyBatch, rows written = applyBatch − hashing.
 */
const profileRun = async (target: Target, n: number, batchSize: number) => {
  const t = await target.open();
  const handle = await openEventStore(t.config);
  let started = performance.now();
  for (let i = 0; i < n; i++)
    await handle.store.appendToStream(
      `bench-${i % 4}`,
      [{ type: 'Thing', data: { w: i % 4, i, text: 'some payload of a typical size for a registry event' } }],
      {
        expectedVersion: Math.floor(i / 4),
        metadata: metadata(),
      },
    );
  const appendMs = (performance.now() - started) / n;
  // PostgreSQL hands out only transactions below the server's oldest running one (other databases' too).
  for (let i = 0; i < 600 && (await handle.store.readAll({ after: LOG_START, limit: n })).length < n; i++) await new Promise((r) => setTimeout(r, 100));
  let batches = 0;
  let applyMs = 0;
  // The tree's own work in each batch (leaf hashing and the one write statement), timed inside the batch.
  class TimedTree extends TransparencyTreeProjection {
    override async applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[]) {
      const t0 = performance.now();
      await super.applyBatch(tx, events);
      applyMs += performance.now() - t0;
    }
  }
  const runner = new ProjectionRunner(handle, [new TimedTree()], { batchSize, onBatch: () => void batches++ });
  await runner.start(); // creates the tables; the loop is stopped before it is woken
  await runner.stop();
  started = performance.now();
  await runner.catchUp();
  const treeMs = performance.now() - started;
  const read = await handle.store.readAll({ after: LOG_START, limit: n });
  started = performance.now();
  for (const e of read) leafHashOf(e);
  const hashMs = performance.now() - started;
  await handle.close();
  await t.dispose();
  if (read.length !== n) throw new Error(`profile read ${read.length} events, appended ${n}`);
  return {
    appendMs,
    treeMs: treeMs / n,
    perBatchMs: treeMs / batches,
    batches,
    runnerMs: (treeMs - applyMs) / n,
    hashMs: hashMs / n,
    writeMs: (applyMs - hashMs) / n,
  };
};

const median = (xs: readonly number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

(async () => {
  const verification = opts.skipProofs ? undefined : await offlineVerification(opts.verifications);
  const appendRows: string[][] = [];
  const roundRows: string[][] = [];
  const signingRows: string[][] = [];
  const profileRows: string[][] = [];
  const proofRows: string[][] = [];
  const variants: Variant[] = opts.eager ? ['without', 'eager', 'tree', 'signing'] : ['without', 'tree', 'signing'];
  for (const target of targets) {
    // The load on shared cores drifts: each round runs every variant back to back (in a rotating order), and the
    // ratio reported is the median of the rounds' own ratios, so a quiet or busy minute favours no variant.
    const rounds: Record<Variant, AppendResult>[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      const round = {} as Record<Variant, AppendResult>;
      for (let k = 0; k < variants.length; k++) {
        const variant = variants[(k + r) % variants.length];
        round[variant] = await appendRun(target, variant);
      }
      rounds.push(round);
      console.error(
        `${target.name} round ${r + 1}: ${variants.map((v) => `${v} ${round[v].eventsPerSecond.toFixed(0)}/s ${round[v].cpuMsPerEvent.toFixed(3)} CPU ms/event`).join(', ')}; tree/without ${(round.tree.eventsPerSecond / round.without.eventsPerSecond).toFixed(2)}, by CPU ${(round.without.cpuMsPerEvent / round.tree.cpuMsPerEvent).toFixed(2)}`,
      );
    }
    const ratios = (a: Variant, b: Variant) => rounds.map((x) => x[a].eventsPerSecond / x[b].eventsPerSecond);
    const med = (v: Variant, f: (x: AppendResult) => number) => median(rounds.map((x) => f(x[v])));
    const eps = (v: Variant) => med(v, (x) => x.eventsPerSecond).toFixed(0);
    const treeRatios = ratios('tree', 'without');
    // Events per CPU-second with the tree against without it (CPU per event without ÷ with).
    const cpuRatios = rounds.map((x) => x.without.cpuMsPerEvent / x.tree.cpuMsPerEvent);
    appendRows.push([
      target.name,
      eps('without'),
      eps('tree'),
      `${median(treeRatios).toFixed(2)}x`,
      `${Math.min(...treeRatios).toFixed(2)}–${Math.max(...treeRatios).toFixed(2)}x`,
      String(treeRatios.filter((x) => x >= 0.9).length) + ` of ${treeRatios.length}`,
      `${med('without', (x) => x.cpuMsPerEvent).toFixed(3)} / ${med('tree', (x) => x.cpuMsPerEvent).toFixed(3)}`,
      `${median(cpuRatios).toFixed(2)}x (${Math.min(...cpuRatios).toFixed(2)}–${Math.max(...cpuRatios).toFixed(2)})`,
      ...(opts.eager ? [`${median(ratios('eager', 'without')).toFixed(2)}x`] : []),
      `${med('without', (x) => x.p50).toFixed(2)} / ${med('tree', (x) => x.p50).toFixed(2)}`,
      `${med('tree', (x) => x.batches).toFixed(0)} during, ${med('tree', (x) => x.batchesTotal).toFixed(0)} in all (${med('tree', (x) => (opts.writers * opts.appends) / Math.max(1, x.batchesTotal)).toFixed(0)} events each)`,
      med('tree', (x) => x.lagMs).toFixed(0),
    ]);
    roundRows.push([
      target.name,
      treeRatios.map((x) => x.toFixed(2)).join(', '),
      cpuRatios.map((x) => x.toFixed(2)).join(', '),
      ratios('signing', 'tree')
        .map((x) => x.toFixed(2))
        .join(', '),
    ]);
    const signingRatios = ratios('signing', 'tree');
    signingRows.push([
      target.name,
      eps('tree'),
      eps('signing'),
      `${median(signingRatios).toFixed(2)}x (${Math.min(...signingRatios).toFixed(2)}–${Math.max(...signingRatios).toFixed(2)})`,
      `${med('tree', (x) => x.p50).toFixed(2)} / ${med('signing', (x) => x.p50).toFixed(2)}`,
      `${med('tree', (x) => x.p99).toFixed(2)} / ${med('signing', (x) => x.p99).toFixed(2)}`,
      med('signing', (x) => x.checkpoints).toFixed(0),
    ]);
    const batchSize = Math.max(1, Math.round(med('tree', (x) => (opts.writers * opts.appends) / Math.max(1, x.batchesTotal))));
    const prof = await profileRun(target, opts.appendsProfile, batchSize);
    profileRows.push([
      target.name,
      prof.appendMs.toFixed(3),
      `${prof.treeMs.toFixed(3)} (${batchSize} per batch, ${prof.perBatchMs.toFixed(1)} ms a batch)`,
      prof.runnerMs.toFixed(3),
      prof.hashMs.toFixed(3),
      prof.writeMs.toFixed(3),
      `${(prof.appendMs / (prof.appendMs + prof.treeMs)).toFixed(2)}x`,
    ]);
    if (!opts.skipProofs) {
      const p = await proofRun(target, target.name === 'PGlite' ? opts.pgliteLeaves : opts.leaves);
      proofRows.push([target.name, p.n.toLocaleString('en'), p.p50.toFixed(2), p.p99.toFixed(2), String(p.verified), p.buildSeconds.toFixed(1)]);
    }
  }
  const appendHead = [
    'store',
    'events/s without tree',
    'events/s with tree',
    'ratio (median of rounds)',
    'ratio range',
    'rounds ≥ 0.9',
    'CPU ms per event without / with tree',
    'CPU ratio (median, range)',
    ...(opts.eager ? ['tree woken per append (before coalescing)'] : []),
    'append p50 (ms) without / with tree',
    'tree batches a run',
    'tree lag after last append (ms)',
  ];
  const roundHead = [
    'store',
    'tree / without (events/s), each round',
    'tree / without (events per CPU-second), each round',
    'signing / tree (events/s), each round',
  ];
  const signingHead = [
    'store',
    'events/s tree, no signing',
    `events/s tree + checkpoint every ${opts.signEvery} ms`,
    'ratio (median, range)',
    'append p50 (ms) no signing / signing',
    'append p99 (ms) no signing / signing',
    'checkpoints signed',
  ];
  const profileHead = [
    'store',
    'append (ms/event, one writer, no runner)',
    'tree (ms/event)',
    'of which runner: lock, read events, checkpoint, commit',
    'leaf hashing',
    'tree rows written',
    'ratio this predicts',
  ];
  const proofHead = ['store', 'leaves', 'inclusion proof p50 (ms)', 'p99 (ms)', 'sampled proofs verified', 'tree synthesis (s)'];
  const verificationHead = ['checks per credential', 'offline verification p50 (ms)', 'p99 (ms)', 'one ES256 check p50 (ms)', 'ratio'];
  const verificationRows = verification
    ? [
        [
          String(verification.checks),
          verification.full.p50.toFixed(2),
          verification.full.p99.toFixed(2),
          verification.signatureOnly.p50.toFixed(2),
          `${(verification.full.p50 / verification.signatureOnly.p50).toFixed(1)}x`,
        ],
      ]
    : [];
  const show = (head: string[], rows: string[][]) => {
    const table = new Table({ head });
    table.push(...rows);
    console.log(table.toString());
  };
  console.log(`${opts.writers} writers x ${opts.appends} single-event appends, ${opts.rounds} interleaved rounds; ${opts.proofs} proofs`);
  show(appendHead, appendRows);
  show(roundHead, roundRows);
  show(signingHead, signingRows);
  show(profileHead, profileRows);
  if (proofRows.length) show(proofHead, proofRows);
  if (verificationRows.length) show(verificationHead, verificationRows);
  if (opts.markdown) {
    // Written to its own file: docs/benchmarks.md is edited by hand (other sections belong to other benchmarks).
    const md = (head: string[], rows: string[][]) =>
      [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    const parts = [
      `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(
          ' / ',
        )} at the end. ${opts.writers} concurrent writers × ${opts.appends} single-event appends on a fresh database per run; ${opts.rounds} rounds, each running every variant back to back in a rotating order; events/s and ratios are medians of the rounds.`,
      md(appendHead, appendRows),
      md(roundHead, roundRows),
      md(signingHead, signingRows),
      `Profile (${opts.appendsProfile} appends, then the tree applied to them in batches of the size the runs saw):`,
      md(profileHead, profileRows),
      ...(proofRows.length ? [md(proofHead, proofRows)] : []),
      ...(verificationRows.length
        ? [`Offline verification of one export-readiness credential, ${opts.verifications} runs:`, md(verificationHead, verificationRows)]
        : []),
    ];
    writeFileSync(opts.markdown, parts.join('\n\n') + '\n');
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
