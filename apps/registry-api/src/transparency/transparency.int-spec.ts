import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_START, LogPosition, maxPosition, openEventStore, SqlDatabase, SqlStoreConfig, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { ProjectionRunner } from '@registry/projections';
import {
  consistencyProofRanges,
  hashLeaf,
  inclusionProofRanges,
  nodesFor,
  proofHashes,
  MemoryTree,
  noteSigner,
  NoteSigner,
  openNote,
  parseCheckpoint,
  verifierOf,
  verifyConsistency,
  verifyInclusion,
  formatVerifierKey,
  formatCheckpoint,
  signNote,
} from '@registry/transparency';
import { createTestDatabase } from '../../../../test/support/postgres';
import { TransparencyConfig } from '../config/transparency.config';
import { CheckpointPublisher } from './checkpoint-publisher';
import { TransparencyLog } from './transparency-log.service';
import { TransparencyTreeProjection } from './transparency-tree.projection';
import { readNodes, readRoot } from './tree-store';
import { verifyLog } from './verify-log';
import { loadCommitmentKey, logLeafHashOf } from './entry-commitments';

interface Target {
  config: SqlStoreConfig;
  dispose(): Promise<void>;
}

const targets: Record<string, () => Promise<Target>> = {
  pglite: async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'transparency-'));
    return { config: { kind: 'pglite', dataDir: join(dataDir, 'pglite') }, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  },
  postgres: async () => {
    const db = await createTestDatabase('transparency');
    return { config: { kind: 'postgres', url: db.url, poolSize: 8 }, dispose: () => db.drop() };
  },
};

const ORIGIN = 'hk-ai-registry.test/log/v2';
const config = (intervalMs = 60_000): TransparencyConfig => ({
  origin: ORIGIN,
  signingKey: { kind: 'local', keyDir: '/unused' },
  retiredVerifierKeys: [],
  checkpointIntervalMs: intervalMs,
});

const writeLog = async (store: StoreHandle, writers: number, perWriter: number, tag = 'w'): Promise<LogPosition> => {
  const last = await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let position = LOG_START;
      for (let i = 0; i < perWriter; i++)
        position = (
          await store.store.appendToStream(
            `${tag}-${w}`,
            [
              { type: 'A', data: { w, i, text: `ünï "${i}"` } },
              { type: 'B', data: { nested: { z: 1, a: [i] } } },
            ],
            {
              expectedVersion: i * 2,
              metadata: metadata(),
            },
          )
        ).position;
      return position;
    }),
  );
  return last.reduce(maxPosition, LOG_START);
};

/** The tree an outsider computes from the log alone (readAll in log order), independently of the projection. */
const treeFromLog = async (store: StoreHandle) => {
  // Entries of format 2: hidden values committed to under the log's commitment key (the projection created it).
  const key = await loadCommitmentKey(store.readModels);
  const tree = new MemoryTree();
  let after = LOG_START;
  for (;;) {
    const events = await store.store.readAll({ after, limit: 100 });
    if (!events.length) return tree;
    for (const e of events) tree.append(logLeafHashOf(e, key));
    after = events[events.length - 1].position;
  }
};

/** Every stored hash: the leaves (level 0, in tl_leaves) and the stored upper levels (tl_nodes). */
const storedNodes = async (store: StoreHandle) =>
  (
    await store.readModels.query<{ level: number; idx: string; hash: Uint8Array }>(
      `SELECT 0 AS level, leaf_index::text AS idx, hash, leaf_index AS n FROM tl_leaves
       UNION ALL SELECT level, idx::text AS idx, hash, idx AS n FROM tl_nodes ORDER BY level, n`,
    )
  ).rows.map((r) => `${r.level}/${r.idx}/${Buffer.from(r.hash).toString('hex')}`);

describe.each(Object.keys(targets))('transparency log on %s', (kind) => {
  let target: Target;
  let store: StoreHandle;
  let signer: NoteSigner;
  const started: { runner?: ProjectionRunner; publisher?: CheckpointPublisher }[] = [];

  const startLog = async (s: StoreHandle = store, intervalMs?: number) => {
    const runner = new ProjectionRunner(s, [new TransparencyTreeProjection()], { batchSize: 7, pollIntervalMs: 20 });
    await runner.start();
    const publisher = new CheckpointPublisher(s.readModels, signer, config(intervalMs));
    await publisher.onApplicationBootstrap();
    started.push({ runner, publisher });
    return { runner, publisher, log: new TransparencyLog(s.readModels, publisher, signer, config(intervalMs)) };
  };

  beforeEach(async () => {
    target = await targets[kind]();
    store = await openEventStore(target.config);
    signer = noteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);
  });
  afterEach(async () => {
    for (const s of started.splice(0)) {
      await s.publisher?.onModuleDestroy();
      await s.runner?.stop();
    }
    await store.close().catch(() => undefined);
    await target.dispose();
  });

  it('keeps the tree of the global log while writers append concurrently, equal to a rebuild and to the log recomputed', async () => {
    const { runner } = await startLog();
    const written = await writeLog(store, 4, 40);
    await runner.waitFor(written, undefined, 'all');
    const expected = await treeFromLog(store);
    expect(expected.size).toBe(320);
    const live = await storedNodes(store);
    // Stored: every leaf hash, the 20 complete level-4 subtrees and the one level-8 subtree (leaves 0…255); nothing else.
    const row = (level: number, i: number) => `${level}/${i}/${Buffer.from(expected.node({ level, index: i })).toString('hex')}`;
    expect(live).toEqual([...Array.from({ length: 320 }, (_, i) => row(0, i)), ...Array.from({ length: 20 }, (_, i) => row(4, i)), row(8, 0)]);
    // Every root and proof computed from them is the recomputed tree's.
    for (const size of [1, 100, 255, 256, 257, 319, 320]) expect(Buffer.from(await readRoot(store.readModels, size))).toEqual(Buffer.from(expected.root(size)));
    for (const [m, size] of [
      [0, 320],
      [255, 320],
      [300, 320],
      [17, 256],
    ]) {
      const ranges = inclusionProofRanges(m, size);
      expect(proofHashes(ranges, await readNodes(store.readModels, nodesFor(ranges))).map((h) => Buffer.from(h).toString('hex'))).toEqual(
        expected.inclusionProof(m, size).map((h) => Buffer.from(h).toString('hex')),
      );
    }
    const ranges = consistencyProofRanges(200, 320);
    expect(proofHashes(ranges, await readNodes(store.readModels, nodesFor(ranges))).map((h) => Buffer.from(h).toString('hex'))).toEqual(
      expected.consistencyProof(200, 320).map((h) => Buffer.from(h).toString('hex')),
    );

    await runner.rebuild('transparency-tree');
    await runner.waitFor(written, undefined, 'all');
    expect(await storedNodes(store)).toEqual(live);
  });

  it('migrates a tree stored in the earlier layout (every level in tl_nodes) in place: same roots, same evidence, then grows', async () => {
    // The earlier layout, as the previous projection wrote it: tl_leaves without hashes, every complete subtree
    // (level 0 included) in tl_nodes, built here from the log by MemoryTree, with the projection's checkpoint at
    // the end of the log so that the runner resumes rather than rebuilds.
    const written = await writeLog(store, 3, 150, 'old'); // 900 leaves: levels 1…9 (level-4 nodes 0…55, level-8 nodes 0…2)
    const db = store.readModels;
    await db.query('CREATE TABLE tl_tree (id smallint PRIMARY KEY CHECK (id = 1), size bigint NOT NULL)');
    await db.query(
      'CREATE TABLE tl_leaves (leaf_index bigint PRIMARY KEY, event_id uuid NOT NULL UNIQUE, transaction_id xid8 NOT NULL, global_position bigint NOT NULL)',
    );
    await db.query('CREATE TABLE tl_nodes (level smallint NOT NULL, idx bigint NOT NULL, hash bytea NOT NULL, PRIMARY KEY (level, idx))');
    // The log is handed out only below the oldest running transaction of the server (other databases' too):
    // wait until all 900 events are final, as the runner would.
    const readLog = async () => {
      const all: Awaited<ReturnType<typeof store.store.readAll>> = [];
      for (
        let page = await store.store.readAll({ after: LOG_START, limit: 100 });
        page.length;
        page = await store.store.readAll({ after: page[page.length - 1].position, limit: 100 })
      )
        all.push(...page);
      return all;
    };
    let events = await readLog();
    for (let i = 0; i < 300 && events.length < 900; i++) {
      await new Promise((r) => setTimeout(r, 100));
      events = await readLog();
    }
    expect(events).toHaveLength(900);
    const key = await loadCommitmentKey(db);
    const old = new MemoryTree();
    for (const e of events) old.append(logLeafHashOf(e, key));
    const replay = new MemoryTree();
    const nodes = events.flatMap((e) => replay.append(logLeafHashOf(e, key)));
    await db.query('INSERT INTO tl_tree VALUES (1, $1)', [events.length]);
    await db.query(
      `INSERT INTO tl_leaves SELECT u.ord - 1, u.id, u.txid::xid8, u.pos FROM unnest($1::uuid[], $2::text[], $3::bigint[]) WITH ORDINALITY AS u(id, txid, pos, ord)`,
      [events.map((e) => e.eventId), events.map((e) => e.position.transactionId.toString()), events.map((e) => e.position.globalPosition.toString())],
    );
    await db.query(`INSERT INTO tl_nodes SELECT u.l, u.i, decode(u.h, 'hex') FROM unnest($1::int[], $2::bigint[], $3::text[]) AS u(l, i, h)`, [
      nodes.map((n) => n.id.level),
      nodes.map((n) => String(n.id.index)),
      nodes.map((n) => Buffer.from(n.hash).toString('hex')),
    ]);
    expect(nodes.length).toBe(900 + 450 + 225 + 112 + 56 + 28 + 14 + 7 + 3 + 1);
    await db.query(`CREATE TABLE IF NOT EXISTS es_projection_checkpoints (name text PRIMARY KEY, version integer NOT NULL, transaction_id xid8 NOT NULL,
      global_position bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
    await db.query(
      `INSERT INTO es_projection_checkpoints (name, version, transaction_id, global_position) VALUES ('transparency-tree', 2, $1::text::xid8, $2)`,
      [written.transactionId.toString(), written.globalPosition.toString()],
    );
    // Evidence stored before the migration: an event altered after it was applied (the stored hash is the original).
    const altered = events[123];
    await db.query(`UPDATE es_events SET data = jsonb_set(data, '{i}', '999') WHERE event_id = $1::uuid`, [altered.eventId]);

    const { runner, publisher, log } = await startLog();
    // Migrated in place: the leaf hashes moved to tl_leaves, only levels 4, 8, … kept, nothing recomputed.
    expect(await storedNodes(store)).toEqual([
      ...Array.from({ length: 900 }, (_, i) => `0/${i}/${Buffer.from(old.leafHash(i)).toString('hex')}`),
      ...Array.from({ length: 56 }, (_, i) => `4/${i}/${Buffer.from(replay.node({ level: 4, index: i })).toString('hex')}`),
      ...[0, 1, 2].map((i) => `8/${i}/${Buffer.from(replay.node({ level: 8, index: i })).toString('hex')}`),
    ]);
    expect(Buffer.from(await readRoot(db, 900))).toEqual(Buffer.from(replay.root()));
    expect((await verifyLog(db)).problems.find((p) => p.kind === 'LEAF_MISMATCH')).toMatchObject({ leafIndex: 123 });
    await db.query('UPDATE es_events SET data = $2::jsonb WHERE event_id = $1::uuid', [altered.eventId, JSON.stringify(altered.data)]);
    expect((await verifyLog(db)).problems).toEqual([]);

    // The migration is idempotent, and the tree grows from where it was.
    await new TransparencyTreeProjection().setup(db);
    await runner.waitFor(await writeLog(store, 2, 60, 'new'), undefined, 'all');
    const grown = await treeFromLog(store);
    expect(grown.size).toBe(1140);
    expect(Buffer.from(await readRoot(db, 1140))).toEqual(Buffer.from(grown.root()));
    expect(Buffer.from(await readRoot(db, 900))).toEqual(Buffer.from(replay.root()));
    expect(await publisher.publish()).toEqual({ signed: true, treeSize: 1140 });
    // The latest checkpoint is the largest tree, not the largest size as text ('900' > '1140').
    expect((await log.latestCheckpoint())?.treeSize).toBe(1140);
    const proof = await log.consistencyProof(900, 1140);
    expect(
      verifyConsistency(
        900,
        1140,
        replay.root(),
        grown.root(),
        proof.hashes.map((h) => Buffer.from(h, 'base64')),
      ),
    ).toBe(true);
  });

  if (kind === 'postgres')
    it('builds one tree when two instances run the projection on one database', async () => {
      const other = await openEventStore(target.config);
      try {
        const a = await startLog(store);
        const b = await startLog(other);
        const written = await writeLog(store, 4, 8);
        await Promise.all([a.runner.waitFor(written, undefined, 'all'), b.runner.waitFor(written, undefined, 'all')]);
        const expected = await treeFromLog(store);
        const { rows } = await store.readModels.query<{ size: string }>('SELECT size::text AS size FROM tl_tree');
        expect(Number(rows[0].size)).toBe(expected.size);
        expect((await a.publisher.publish()).signed).toBe(true);
        expect((await b.publisher.publish()).signed).toBe(false);
        const checkpoint = await a.log.latestCheckpoint();
        expect(checkpoint?.rootHash).toBe(Buffer.from(expected.root()).toString('base64'));
      } finally {
        for (const s of started.splice(0)) {
          await s.publisher?.onModuleDestroy();
          await s.runner?.stop();
        }
        await other.close();
      }
    });

  it('signs checkpoints as the log grows, each a C2SP note over the recomputed root and consistent with the one before', async () => {
    const { runner, publisher, log } = await startLog();
    expect(await log.latestCheckpoint()).toBeNull();
    expect(await publisher.publish()).toEqual({ signed: false, reason: 'EMPTY' });
    const notes: string[] = [];
    for (let round = 0; round < 3; round++) {
      await runner.waitFor(await writeLog(store, 2, 3 + round, `r${round}`), undefined, 'all');
      expect((await publisher.publish()).signed).toBe(true);
      expect(await publisher.publish()).toEqual({ signed: false, reason: 'NOT_GROWN' });
      notes.push((await log.latestCheckpoint())!.note);
    }
    const expected = await treeFromLog(store);
    const checkpoints = notes.map((n) => parseCheckpoint(openNote(n, [verifierOf(signer)]).text));
    expect(checkpoints.map((c) => c.size)).toEqual([12, 28, 48]);
    for (const c of checkpoints) expect(Buffer.from(c.rootHash)).toEqual(Buffer.from(expected.root(c.size)));
    const [c1, c2] = checkpoints;
    const proof = await log.consistencyProof(c1.size, c2.size);
    expect(
      verifyConsistency(
        c1.size,
        c2.size,
        c1.rootHash,
        c2.rootHash,
        proof.hashes.map((h) => Buffer.from(h, 'base64')),
      ),
    ).toBe(true);
    const latest = (await log.latestCheckpoint())!;
    expect(latest).toMatchObject({ origin: ORIGIN, treeSize: 48, keyId: signer.keyId });
    expect(await log.verifierKeys()).toEqual([formatVerifierKey(signer)]);
  });

  it('answers every inclusion proof with one node query (at most 16 stored hashes per 4 levels), each verifying against the signed root', async () => {
    const { runner, publisher, log } = await startLog();
    await runner.waitFor(await writeLog(store, 3, 7), undefined, 'all');
    await publisher.publish();
    const checkpoint = (await log.latestCheckpoint())!;
    const root = Buffer.from(checkpoint.rootHash, 'base64');
    const queries: string[] = [];
    const rowsRead: number[] = [];
    const query = store.readModels.query.bind(store.readModels);
    const spy = jest.spyOn(store.readModels, 'query').mockImplementation(async (sql: string, params?: readonly unknown[]) => {
      queries.push(sql);
      const result = await query(sql, params);
      rowsRead.push(result.rows.length);
      return result as never;
    });
    for (let i = 0; i < checkpoint.treeSize; i++) {
      queries.length = 0;
      rowsRead.length = 0;
      const withEntry = await log.inclusionProofOf({ leafIndex: i }, checkpoint.treeSize);
      const leaf = hashLeaf(Buffer.from(withEntry.entry, 'utf8'));
      expect(Buffer.from(leaf).toString('base64')).toBe(withEntry.leafHash);
      expect(
        verifyInclusion(
          i,
          checkpoint.treeSize,
          leaf,
          withEntry.hashes.map((h) => Buffer.from(h, 'base64')),
          root,
        ),
      ).toBe(true);
      expect(await log.leafIndexOf(withEntry.eventId)).toBe(i);
      // leaf lookup, checkpoint size, one node query, the entry: a fixed number of statements (plus, once per
      // instance, the read of the commitment key)...
      expect(queries.filter((q) => !q.includes('tl_commitment_key')).length).toBeLessThanOrEqual(5);
      // ...reading at most 16 stored hashes per 4 tree levels: the proof's nodes in levels 4k … 4k+3 are folds
      // of stored level-4k hashes inside one level-(4k+4) subtree.
      expect(Math.max(...rowsRead)).toBeLessThanOrEqual(16 * Math.ceil(Math.log2(checkpoint.treeSize) / 4));
    }
    spy.mockRestore();
  });

  it('refuses bad proof requests naming the argument', async () => {
    const { runner, publisher, log } = await startLog();
    await runner.waitFor(await writeLog(store, 1, 3), undefined, 'all');
    await publisher.publish();
    const fieldOf = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e) => `${e.category}/${e.code}/${e.details?.fields?.[0]?.field ?? e.details?.field}`,
      );
    expect(await fieldOf(log.inclusionProof(0, 7))).toBe('BAD_USER_INPUT/INPUT.INVALID/treeSize');
    expect(await fieldOf(log.inclusionProof(6, 6))).toBe('BAD_USER_INPUT/INPUT.INVALID/leafIndex');
    expect(await fieldOf(log.inclusionProof(-1, 6))).toBe('BAD_USER_INPUT/INPUT.INVALID/leafIndex');
    expect(await fieldOf(log.inclusionProof(0, 0))).toBe('BAD_USER_INPUT/INPUT.INVALID/treeSize');
    expect(await fieldOf(log.inclusionProof(0.5, 3))).toBe('BAD_USER_INPUT/INPUT.INVALID/leafIndex');
    expect(await fieldOf(log.consistencyProof(4, 3))).toBe('BAD_USER_INPUT/INPUT.INVALID/first');
    expect(await fieldOf(log.consistencyProof(0, 3))).toBe('BAD_USER_INPUT/INPUT.INVALID/first');
    expect(await fieldOf(log.consistencyProof(3, 7))).toBe('BAD_USER_INPUT/INPUT.INVALID/second');
    expect(await fieldOf(log.inclusionProofOf({ eventId: '00000000-0000-4000-8000-000000000000' }, 6))).toBe(
      'NOT_FOUND/TRANSPARENCY.EVENT_NOT_IN_TREE/eventId',
    );
    expect(await fieldOf(log.inclusionProofOf({ eventId: 'nope' }, 6))).toBe('BAD_USER_INPUT/INPUT.INVALID/eventId');
    expect(await fieldOf(log.inclusionProofOf({}, 6))).toBe('BAD_USER_INPUT/INPUT.INVALID/eventId');
    expect(await fieldOf(log.inclusionProofOf({ eventId: '00000000-0000-4000-8000-000000000000', leafIndex: 1 }, 6))).toBe(
      'BAD_USER_INPUT/INPUT.INVALID/leafIndex',
    );
    expect(await log.leafIndexOf('nope')).toBeNull();
  });

  it('keeps publishing through database errors and stops cleanly', async () => {
    const { runner } = await startLog();
    const flaky = Object.create(store.readModels) as SqlDatabase;
    let failing = true;
    const realQuery = store.readModels.query.bind(store.readModels);
    const realTransaction = store.readModels.transaction.bind(store.readModels);
    (flaky as { query: unknown }).query = (sql: string, params?: readonly unknown[]) =>
      failing ? Promise.reject(Object.assign(new Error('connection lost'), { code: '57P01' })) : realQuery(sql, params);
    (flaky as { transaction: unknown }).transaction = (work: never) =>
      failing ? Promise.reject(Object.assign(new Error('connection lost'), { code: '57P01' })) : realTransaction(work);
    const publisher = new CheckpointPublisher(flaky, signer, config(50));
    await runner.waitFor(await writeLog(store, 1, 2), undefined, 'all');
    const errors = jest.spyOn((publisher as unknown as { logger: { error: () => void } }).logger, 'error').mockImplementation(() => undefined);
    await expect(publisher.onApplicationBootstrap()).rejects.toThrow('connection lost'); // table setup needs the database
    failing = false;
    await publisher.onApplicationBootstrap();
    failing = true;
    await runner.waitFor(await writeLog(store, 1, 2, 'more'), undefined, 'all');
    await new Promise((r) => setTimeout(r, 200));
    expect(errors).toHaveBeenCalled();
    const before = await new TransparencyLog(store.readModels, publisher, signer, config()).latestCheckpoint();
    expect(before?.treeSize).toBe(4);
    failing = false;
    for (let i = 0; i < 50 && (await new TransparencyLog(store.readModels, publisher, signer, config()).latestCheckpoint())?.treeSize !== 8; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await new TransparencyLog(store.readModels, publisher, signer, config()).latestCheckpoint())?.treeSize).toBe(8);
    await publisher.onModuleDestroy();
    errors.mockRestore();
  });

  describe('verify-log', () => {
    const prepare = async () => {
      const { runner, publisher } = await startLog();
      await runner.waitFor(await writeLog(store, 2, 5, 'a'), undefined, 'all');
      await publisher.publish();
      await runner.waitFor(await writeLog(store, 2, 5, 'b'), undefined, 'all');
      await publisher.publish();
      for (const s of started.splice(0)) {
        await s.publisher?.onModuleDestroy();
        await s.runner?.stop();
      }
      const { rows } = await store.readModels.query<{ global_position: string; transaction_id: string }>(
        'SELECT global_position::text AS global_position, transaction_id::text AS transaction_id FROM es_events e ORDER BY e.transaction_id, e.global_position',
      );
      return rows.map((r) => ({ gp: r.global_position, position: `${r.transaction_id}.${r.global_position}` }));
    };
    const trusted = () => [formatVerifierKey(signer)];

    it('passes an untouched log', async () => {
      await prepare();
      const report = await verifyLog(store.readModels, { trustedKeys: trusted() });
      expect(report).toMatchObject({ events: 40, checkpoints: 2, problems: [] });
    });

    it('reports an altered row with its leaf index and position', async () => {
      const rows = await prepare();
      await store.readModels.query(`UPDATE es_events SET data = jsonb_set(data, '{i}', '99') WHERE global_position = $1`, [rows[13].gp]);
      const report = await verifyLog(store.readModels, { trustedKeys: trusted() });
      expect(report.problems.filter((p) => p.kind === 'LEAF_MISMATCH').map((p) => [p.leafIndex, p.position])).toEqual([[13, rows[13].position]]);
      expect(report.problems.filter((p) => p.kind === 'CHECKPOINT_ROOT').map((p) => [p.treeSize, p.leafIndex])).toEqual([
        [20, 13],
        [40, 13],
      ]);
    });

    it('reports a deleted row and two reordered rows', async () => {
      const rows = await prepare();
      await store.readModels.query('DELETE FROM es_events WHERE global_position = $1', [rows[25].gp]);
      let report = await verifyLog(store.readModels, { trustedKeys: trusted() });
      const first = report.problems.find((p) => p.kind === 'LEAF_MISMATCH');
      expect([first?.leafIndex, first?.position]).toEqual([25, rows[25].position]);
      expect(report.problems.some((p) => p.kind === 'CHECKPOINT_BEYOND_LOG' && p.treeSize === 40)).toBe(true);
      expect(report.problems.some((p) => p.kind === 'CHECKPOINT_ROOT')).toBe(false); // the first checkpoint (20) still holds

      // Reorder: swap the contents of two rows (everything the entry is made of but the position).
      await store.readModels
        .query(
          `UPDATE es_events e SET data = o.data, type = o.type, event_id = o.event_id, stream_id = o.stream_id, stream_version = o.stream_version, metadata = o.metadata
         FROM (SELECT global_position, data, type, event_id, stream_id, stream_version, metadata FROM es_events WHERE global_position IN ($1, $2)) o
         WHERE e.global_position IN ($1, $2) AND o.global_position <> e.global_position`,
          [rows[3].gp, rows[4].gp],
        )
        .catch(async () => {
          // Unique keys (event id, stream version) can refuse the swap in one statement; go through a free value.
          await store.readModels.query(`UPDATE es_events SET global_position = -1 WHERE global_position = $1`, [rows[3].gp]);
          await store.readModels.query(`UPDATE es_events SET global_position = $1 WHERE global_position = $2`, [rows[3].gp, rows[4].gp]);
          await store.readModels.query(`UPDATE es_events SET global_position = $1 WHERE global_position = -1`, [rows[4].gp]);
        });
      report = await verifyLog(store.readModels, { trustedKeys: trusted() });
      const mismatches = report.problems.filter((p) => p.kind === 'LEAF_MISMATCH').map((p) => p.leafIndex);
      expect(mismatches.slice(0, 2)).toEqual([3, 4]);
      expect(report.problems.find((p) => p.kind === 'CHECKPOINT_ROOT')).toMatchObject({ treeSize: 20, leafIndex: 3 });
    });

    it('takes checkpoints of the retired entry-format-1 log for what they are (signatures checked), and detects a changed commitment key', async () => {
      await prepare();
      // What a registry that ran the v1 log has stored: checkpoints under the origin without /v2, same key, other roots.
      const v1 = noteSigner(ORIGIN.replace(/\/v2$/, ''), signer.privateKey);
      const v1Note = signNote(formatCheckpoint({ origin: v1.name, size: 40, rootHash: new Uint8Array(32).fill(9) }), [v1]);
      await store.readModels.query(
        `INSERT INTO tl_checkpoints (tree_size, root_hash, origin, key_id, note) VALUES (40, decode(repeat('09', 32), 'hex'), $1, $2, $3)`,
        [v1.name, v1.keyId, v1Note],
      );
      const trustBoth = [formatVerifierKey(signer), formatVerifierKey(v1)];
      expect(await verifyLog(store.readModels, { trustedKeys: trustBoth })).toMatchObject({ events: 40, checkpoints: 3, retiredCheckpoints: 1, problems: [] });
      // The retired log's checkpoints are never this log's latest: the registry still serves and extends the v2 one.
      const { publisher, log } = await startLog();
      expect((await log.latestCheckpoint())?.origin).toBe(ORIGIN);
      expect(await publisher.publish()).toEqual({ signed: false, reason: 'NOT_GROWN' });
      // A forged v1 note is still a forged note.
      await store.readModels.query(
        `INSERT INTO tl_checkpoints (tree_size, root_hash, origin, key_id, note) VALUES (41, decode(repeat('09', 32), 'hex'), $1, $2, $3)`,
        [v1.name, v1.keyId, v1Note.replace(/\n40\n/, '\n41\n')],
      );
      expect((await verifyLog(store.readModels, { trustedKeys: trustBoth })).problems.map((p) => [p.kind, p.treeSize])).toEqual([['CHECKPOINT_SIGNATURE', 41]]);
      // The leaves depend on the commitment key: replacing it is rewriting every leaf.
      await store.readModels.query(`UPDATE tl_commitment_key SET key = decode(repeat('00', 32), 'hex')`);
      const report = await verifyLog(store.readModels, { trustedKeys: trustBoth, maxLeafReports: 100 });
      expect(report.problems.filter((p) => p.kind === 'LEAF_MISMATCH')).toHaveLength(40);
      expect(report.problems.filter((p) => p.kind === 'CHECKPOINT_ROOT').map((p) => p.treeSize)).toEqual([20, 40]);
    });

    it('reports a forged checkpoint (altered note) and one signed by a key it does not trust, by tree size', async () => {
      await prepare();
      const forger = noteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);
      const { rows } = await store.readModels.query<{ note: string }>('SELECT note FROM tl_checkpoints ORDER BY id DESC LIMIT 1');
      const forgedNote = rows[0].note.replace(/\n40\n/, '\n41\n');
      await store.readModels.query(
        `INSERT INTO tl_checkpoints (tree_size, root_hash, origin, key_id, note) SELECT 41, root_hash, origin, key_id, $1 FROM tl_checkpoints ORDER BY id DESC LIMIT 1`,
        [forgedNote],
      );
      const other = signNote(formatCheckpoint({ origin: ORIGIN, size: 42, rootHash: new Uint8Array(32) }), [forger]);
      await store.readModels.query(
        `INSERT INTO tl_checkpoints (tree_size, root_hash, origin, key_id, note) VALUES (42, decode(repeat('00', 32), 'hex'), $1, $2, $3)`,
        [ORIGIN, forger.keyId, other],
      );
      const report = await verifyLog(store.readModels, { trustedKeys: trusted() });
      expect(report.problems.filter((p) => p.kind === 'CHECKPOINT_SIGNATURE').map((p) => p.treeSize)).toEqual([41, 42]);
      expect(report.problems.every((p) => p.kind === 'CHECKPOINT_SIGNATURE')).toBe(true);
    });

    it('the CLI exits 0 on a sound log and 1 naming the position of an altered row', async () => {
      const rows = await prepare();
      const args = target.config.kind === 'postgres' ? ['--database-url', target.config.url] : ['--data-dir', join(target.config.dataDir!, '..')];
      const run = () =>
        spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '../../../../scripts/verify-log.ts'), ...args, '--key', formatVerifierKey(signer)], {
          cwd: join(__dirname, '../../../..'),
          encoding: 'utf8',
          timeout: 60_000,
        });
      const closeForChild = async () => {
        if (kind === 'pglite') await store.close(); // one process at a time may open a PGlite data directory
      };
      await closeForChild();
      let result = run();
      expect(result.stdout).toContain('verify-log: OK');
      expect(result.status).toBe(0);
      if (kind === 'pglite') store = await openEventStore(target.config);
      await store.readModels.query(
        `UPDATE es_events SET metadata = jsonb_set(metadata, '{issuedAt}', '"2020-01-01T00:00:00.000Z"') WHERE global_position = $1`,
        [rows[7].gp],
      );
      await closeForChild();
      result = run();
      expect(result.status).toBe(1);
      expect(result.stdout).toContain(`leaf 7 at position ${rows[7].position}`);
      if (kind === 'pglite') store = await openEventStore(target.config);
    });
  });
});
