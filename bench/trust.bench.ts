/**
 * npm run bench:trust [-- --appends 400 --leaves 1000000 --markdown docs/benchmarks.md]
 *
 * 1. Append throughput with the transparency tree maintained vs without it: the same concurrent writers
 *    (4 streams, one event per append) against a fresh database each time, the projection runner running beside
 *    them with the tree projection or with nothing; rounds alternate and the best of each is kept.
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
import { noteSigner, verifyInclusion } from '@registry/transparency';
import { verifyCredential } from '@registry/verifier';
import { world } from '@registry/verifier/testing/world';
import { compactVerify, importJWK, JWK } from 'jose';
import { createTestDatabase } from '../test/support/postgres';
import { TransparencyTreeProjection } from '../apps/registry-api/src/transparency/transparency-tree.projection';
import { TransparencyLog } from '../apps/registry-api/src/transparency/transparency-log.service';
import { setupCheckpointTables } from '../apps/registry-api/src/transparency/checkpoint-store';
import { readNodes, readRoot, TREE_TABLES } from '../apps/registry-api/src/transparency/tree-store';

const opts = new Command('bench:trust')
  .option('--appends <n>', 'appends per writer', (v) => Number(v), 400)
  .option('--writers <n>', 'concurrent writers', (v) => Number(v), 4)
  .option('--rounds <n>', 'rounds per variant', (v) => Number(v), 2)
  .option('--leaves <n>', 'tree size for the proof latency', (v) => Number(v), 1_000_000)
  .option('--pglite-leaves <n>', 'tree size for the proof latency on PGlite', (v) => Number(v), 100_000)
  .option('--proofs <n>', 'proofs timed', (v) => Number(v), 2000)
  .option('--verifications <n>', 'offline credential verifications timed', (v) => Number(v), 200)
  .option('--markdown <file>', 'also append the results to this Markdown file')
  .parse()
  .opts<{ appends: number; writers: number; rounds: number; leaves: number; pgliteLeaves: number; proofs: number; verifications: number; markdown?: string }>();

type Target = { name: string; open: () => Promise<{ config: StoreConfig; dispose: () => Promise<void> }> };
const targets: Target[] = [
  { name: 'PostgreSQL', open: async () => { const db = await createTestDatabase('trust_bench'); return { config: { kind: 'postgres', url: db.url, poolSize: 10 }, dispose: () => db.drop() }; } },
  { name: 'PGlite', open: async () => ({ config: { kind: 'pglite' }, dispose: async () => undefined }) },
];

const appendRun = async (target: Target, withTree: boolean) => {
  const t = await target.open();
  const store = await openEventStore(t.config);
  const runner = new ProjectionRunner(store, withTree ? [new TransparencyTreeProjection()] : []);
  await runner.start();
  const started = performance.now();
  const last = await Promise.all(
    Array.from({ length: opts.writers }, async (_, w) => {
      let p: LogPosition = LOG_START;
      for (let i = 0; i < opts.appends; i++)
        p = (await store.store.appendToStream(`bench-${w}`, [{ type: 'Thing', data: { w, i, text: 'some payload of a typical size for a registry event' } }], { expectedVersion: i, metadata: metadata() })).position;
      return p;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const lagStart = performance.now();
  if (withTree) await runner.waitFor(last.reduce(maxPosition, LOG_START), 120_000);
  const lagMs = performance.now() - lagStart;
  await runner.stop();
  await store.close();
  await t.dispose();
  return { eventsPerSecond: (opts.writers * opts.appends) / seconds, lagMs };
};

/** A tree of n leaves written straight into tl_nodes, level by level, in SQL. */
const synthesiseTree = async (store: StoreHandle, n: number) => {
  for (const s of TREE_TABLES) await store.readModels.query(s);
  await setupCheckpointTables(store.readModels);
  await store.readModels.query(`INSERT INTO tl_nodes (level, idx, hash) SELECT 0, g, sha256(int8send(g)) FROM generate_series(0, $1::bigint - 1) g`, [n]);
  for (let level = 0, count = n; count > 1; level++, count = Math.floor(count / 2))
    await store.readModels.query(
      `INSERT INTO tl_nodes (level, idx, hash)
       SELECT $1::int + 1, a.idx / 2, sha256('\\x01'::bytea || a.hash || b.hash)
       FROM tl_nodes a JOIN tl_nodes b ON b.level = a.level AND b.idx = a.idx + 1
       WHERE a.level = $1::int AND a.idx % 2 = 0`,
      [level],
    );
  await store.readModels.query('UPDATE tl_tree SET size = $1 WHERE id = 1', [n]);
  const root = await readRoot(store.readModels, n);
  // Only the size matters to the proof service; the note is not read here.
  await store.readModels.query(`INSERT INTO tl_checkpoints (tree_size, root_hash, origin, key_id, note) VALUES ($1, $2, 'bench', '00000000', 'bench')`, [n, Buffer.from(root)]);
  return root;
};

const proofRun = async (target: Target, n: number) => {
  const t = await target.open();
  const store = await openEventStore(t.config);
  const built = performance.now();
  const root = await synthesiseTree(store, n);
  const buildSeconds = (performance.now() - built) / 1000;
  const signer = noteSigner('bench', generateKeyPairSync('ed25519').privateKey);
  const log = new TransparencyLog(store.readModels, undefined as never, signer, { origin: 'bench', signingKey: { kind: 'local', keyDir: '/unused' }, retiredVerifierKeys: [], checkpointIntervalMs: 5000 });
  const times: number[] = [];
  let verified = 0;
  for (let i = 0; i < opts.proofs; i++) {
    const leaf = Math.floor(Math.random() * n);
    const t0 = performance.now();
    const proof = await log.inclusionProof(leaf, n);
    times.push(performance.now() - t0);
    if (i % 100 === 0) {
      const leafHash = (await readNodes(store.readModels, [{ level: 0, index: leaf }]))({ level: 0, index: leaf });
      if (!verifyInclusion(leaf, n, leafHash, proof.hashes.map((h) => Buffer.from(h, 'base64')), root)) throw new Error(`proof for leaf ${leaf} does not verify`);
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
  const proofRows: string[][] = [];
  for (const target of targets) {
    const best = { without: 0, with: 0, lag: 0 };
    for (let r = 0; r < opts.rounds; r++) {
      best.without = Math.max(best.without, (await appendRun(target, false)).eventsPerSecond);
      const w = await appendRun(target, true);
      if (w.eventsPerSecond > best.with) [best.with, best.lag] = [w.eventsPerSecond, w.lagMs];
    }
    appendRows.push([target.name, best.without.toFixed(0), best.with.toFixed(0), `${(best.with / best.without).toFixed(2)}x`, best.lag.toFixed(0)]);
    const p = await proofRun(target, target.name === 'PGlite' ? opts.pgliteLeaves : opts.leaves);
    proofRows.push([target.name, p.n.toLocaleString('en'), p.p50.toFixed(2), p.p99.toFixed(2), String(p.verified), p.buildSeconds.toFixed(1)]);
  }
  const a = new Table({ head: ['store', 'events/s without tree', 'events/s with tree', 'ratio', 'tree lag after last append (ms)'] });
  a.push(...appendRows);
  const b = new Table({ head: ['store', 'leaves', 'inclusion proof p50 (ms)', 'p99 (ms)', 'sampled proofs verified', 'tree synthesis (s)'] });
  b.push(...proofRows);
  console.log(`${opts.writers} writers x ${opts.appends} single-event appends, best of ${opts.rounds}; ${opts.proofs} proofs`);
  console.log(a.toString());
  console.log(b.toString());
  const verificationRow = [String(verification.checks), verification.full.p50.toFixed(2), verification.full.p99.toFixed(2), verification.signatureOnly.p50.toFixed(2), `${(verification.full.p50 / verification.signatureOnly.p50).toFixed(1)}x`];
  const v = new Table({ head: ['checks per credential', 'offline verification p50 (ms)', 'p99 (ms)', 'one ES256 check p50 (ms)', 'ratio'] });
  v.push(verificationRow);
  console.log(v.toString());
  if (opts.markdown) {
    const md = (head: string[], rows: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    const section = `\n## Transparency log: \`npm run bench:trust\`\n\n${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}. ${opts.writers} concurrent writers × ${opts.appends} single-event appends, best of ${opts.rounds} alternating rounds, a fresh database each; the projection runner runs beside the writers with the tree projection or with nothing. Then ${opts.proofs} inclusion proofs for random leaves of a tree synthesised in SQL (every 100th verified against the root).\n\n${md(['store', 'events/s without tree', 'events/s with tree', 'ratio', 'tree lag after last append (ms)'], appendRows)}\n\n${md(['store', 'leaves', 'inclusion proof p50 (ms)', 'p99 (ms)', 'sampled proofs verified', 'tree synthesis (s)'], proofRows)}\n\nOffline verification (libs/verifier, no network) of one export-readiness credential, ${opts.verifications} runs:\n\n${md(['checks per credential', 'offline verification p50 (ms)', 'p99 (ms)', 'one ES256 check p50 (ms)', 'ratio'], [verificationRow])}\n`;
    const existing = existsSync(opts.markdown) ? readFileSync(opts.markdown, 'utf8') : '';
    const start = existing.indexOf('\n## Transparency log: `npm run bench:trust`');
    const end = start < 0 ? -1 : existing.indexOf('\n## ', start + 5);
    writeFileSync(opts.markdown, start < 0 ? existing + section : existing.slice(0, start) + section + (end < 0 ? '' : existing.slice(end)));
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
