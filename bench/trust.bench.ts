/**
 * npm run bench:trust [-- --appends 400 --leaves 1000000 --markdown docs/benchmarks.md]
 *
 * 1. Append throughput with the transparency tree maintained vs without it: the same concurrent writers
 *    (4 streams, one event per append, yielding to the event loop between appends as a server does between
 *    requests) against a fresh database each time, the projection runner running beside
 *    them with nothing, with the tree woken per append (as before), with the tree coalesced (now); every round runs
 *    each variant back to back, events/s are the best of the rounds and each ratio the median of the rounds' ratios.
 *    A fourth variant keeps the tree AND signs a checkpoint every --sign-every ms (CheckpointPublisher on its
 *    timer, as in the app): its throughput and append latency against the tree alone say whether signing
 *    blocks appends.
 * 2. Inclusion proof latency at a large tree: tl_nodes synthesised in SQL (leaves SHA-256 of their index,
 *    parents per RFC 9162), then TransparencyLog.inclusionProof for random leaves; a sample is verified.
 * Absolute numbers are noisy on 2 shared cores; compare the ratios of one run.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';
import Table from 'cli-table3';
import { Command } from 'commander';
import { LOG_START, LogPosition, maxPosition, openEventStore, StoreConfig, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { ProjectionRunner } from '@registry/projections';
import { noteSigner, STORED_LEVEL_STRIDE, verifyInclusion } from '@registry/transparency';
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
  .option('--appends <n>', 'appends per writer', (v) => Number(v), 400)
  .option('--writers <n>', 'concurrent writers', (v) => Number(v), 4)
  .option('--rounds <n>', 'rounds per variant', (v) => Number(v), 3)
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
    rounds: number;
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
}

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
  };
};

/**
 * A tree of n leaves written straight into its tables in SQL: the leaf hashes into tl_leaves, every level folded
 * in a scratch table, and the stored levels (8, 16, …) copied into tl_nodes.
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

(async () => {
  const verification = await offlineVerification(opts.verifications);
  const appendRows: string[][] = [];
  const signingRows: string[][] = [];
  const proofRows: string[][] = [];
  for (const target of targets) {
    const best: Partial<Record<Variant, AppendResult>> = {};
    // The load on shared cores drifts: each round runs every variant back to back (in a rotating order), and the
    // ratio reported is the median of the rounds' own ratios, so a quiet or busy minute favours no variant.
    const rounds: Record<Variant, number>[] = [];
    const variants = ['without', 'eager', 'tree', 'signing'] as const;
    for (let r = 0; r < opts.rounds; r++) {
      const round = {} as Record<Variant, number>;
      for (let k = 0; k < variants.length; k++) {
        const variant = variants[(k + r) % variants.length];
        const result = await appendRun(target, variant);
        round[variant] = result.eventsPerSecond;
        if (!best[variant] || result.eventsPerSecond > best[variant]!.eventsPerSecond) best[variant] = result;
      }
      rounds.push(round);
    }
    const medianRatio = (a: Variant, b: Variant) => {
      const ratios = rounds.map((x) => x[a] / x[b]).sort((x, y) => x - y);
      const m = Math.floor(ratios.length / 2);
      return ratios.length % 2 ? ratios[m] : (ratios[m - 1] + ratios[m]) / 2;
    };
    const { without, eager, tree, signing } = best as Record<Variant, AppendResult>;
    appendRows.push([
      target.name,
      without.eventsPerSecond.toFixed(0),
      eager.eventsPerSecond.toFixed(0),
      `${medianRatio('eager', 'without').toFixed(2)}x`,
      tree.eventsPerSecond.toFixed(0),
      `${medianRatio('tree', 'without').toFixed(2)}x`,
      `${eager.lagMs.toFixed(0)} / ${tree.lagMs.toFixed(0)}`,
      `${without.p50.toFixed(2)} / ${eager.p50.toFixed(2)} / ${tree.p50.toFixed(2)}`,
      `${eager.batches} / ${tree.batches}`,
    ]);
    signingRows.push([
      target.name,
      tree.eventsPerSecond.toFixed(0),
      signing.eventsPerSecond.toFixed(0),
      `${medianRatio('signing', 'tree').toFixed(2)}x`,
      `${tree.p50.toFixed(2)} / ${signing.p50.toFixed(2)}`,
      `${tree.p99.toFixed(2)} / ${signing.p99.toFixed(2)}`,
      String(signing.checkpoints),
    ]);
    const p = await proofRun(target, target.name === 'PGlite' ? opts.pgliteLeaves : opts.leaves);
    proofRows.push([target.name, p.n.toLocaleString('en'), p.p50.toFixed(2), p.p99.toFixed(2), String(p.verified), p.buildSeconds.toFixed(1)]);
  }
  const appendHead = [
    'store',
    'events/s without tree',
    'with tree, woken per append (before)',
    'ratio (median of rounds)',
    'with tree, coalesced (now)',
    'ratio (median of rounds)',
    'tree lag after last append (ms) before / now',
    'append p50 (ms) without / before / now',
    'tree batches during the run, before / now',
  ];
  const signingHead = [
    'store',
    'events/s tree, no signing',
    `events/s tree + checkpoint every ${opts.signEvery} ms`,
    'ratio (median of rounds)',
    'append p50 (ms) no signing / signing',
    'append p99 (ms) no signing / signing',
    'checkpoints signed',
  ];
  const a = new Table({ head: appendHead });
  a.push(...appendRows);
  const c = new Table({ head: signingHead });
  c.push(...signingRows);
  const b = new Table({ head: ['store', 'leaves', 'inclusion proof p50 (ms)', 'p99 (ms)', 'sampled proofs verified', 'tree synthesis (s)'] });
  b.push(...proofRows);
  console.log(`${opts.writers} writers x ${opts.appends} single-event appends, best of ${opts.rounds}; ${opts.proofs} proofs`);
  console.log(a.toString());
  console.log(c.toString());
  console.log(b.toString());
  const verificationRow = [
    String(verification.checks),
    verification.full.p50.toFixed(2),
    verification.full.p99.toFixed(2),
    verification.signatureOnly.p50.toFixed(2),
    `${(verification.full.p50 / verification.signatureOnly.p50).toFixed(1)}x`,
  ];
  const v = new Table({ head: ['checks per credential', 'offline verification p50 (ms)', 'p99 (ms)', 'one ES256 check p50 (ms)', 'ratio'] });
  v.push(verificationRow);
  console.log(v.toString());
  if (opts.markdown) {
    const md = (head: string[], rows: string[][]) =>
      [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    const section = `\n## Transparency log: \`npm run bench:trust\`\n\n${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}. ${opts.writers} concurrent writers × ${opts.appends} single-event appends, events/s are the best of ${opts.rounds} rounds, each running every variant back to back in a rotating order on a fresh database each, and each ratio is the median of the rounds' own ratios; the projection runner runs beside the writers with nothing, with the tree woken by every append (as before coalescing), with the tree as it is now (a background projection, wake-ups coalesced), and in a fourth variant with the tree and a checkpoint signed every ${opts.signEvery} ms. Then ${opts.proofs} inclusion proofs for random leaves of a tree synthesised in SQL (every 100th verified against the root).\n\n${md(appendHead, appendRows)}\n\nCheckpoint signing beside the appends (the tree maintained in both; the publisher signs on its timer):\n\n${md(signingHead, signingRows)}\n\n${md(['store', 'leaves', 'inclusion proof p50 (ms)', 'p99 (ms)', 'sampled proofs verified', 'tree synthesis (s)'], proofRows)}\n\nOffline verification (libs/verifier, no network) of one export-readiness credential, ${opts.verifications} runs:\n\n${md(['checks per credential', 'offline verification p50 (ms)', 'p99 (ms)', 'one ES256 check p50 (ms)', 'ratio'], [verificationRow])}\n`;
    const existing = existsSync(opts.markdown) ? readFileSync(opts.markdown, 'utf8') : '';
    const start = existing.indexOf('\n## Transparency log: `npm run bench:trust`');
    const end = start < 0 ? -1 : existing.indexOf('\n## ', start + 5);
    writeFileSync(opts.markdown, start < 0 ? existing + section : existing.slice(0, start) + section + (end < 0 ? '' : existing.slice(end)));
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
