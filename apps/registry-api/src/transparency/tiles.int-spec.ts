import { generateKeyPairSync } from 'node:crypto';
import { LOG_START, LogPosition, maxPosition, openEventStore, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { ProjectionRunner } from '@registry/projections';
import { decodeEntryBundle, decodeHashTile, hashLeaf, MemoryTree, noteSigner, tilePath, tilesOfTree } from '@registry/transparency';
import { TransparencyConfig } from '../config/transparency.config';
import { CheckpointPublisher } from './checkpoint-publisher';
import { TransparencyLog } from './transparency-log.service';
import { loadCommitmentKey, logLeafHashOf } from './entry-commitments';
import { TransparencyTreeProjection } from './transparency-tree.projection';

const ORIGIN = 'hk-ai-registry.test/log';
const config: TransparencyConfig = { origin: ORIGIN, signingKey: { kind: 'local', keyDir: '/unused' }, retiredVerifierKeys: [], checkpointIntervalMs: 60_000 };
const hex = (h: Uint8Array) => Buffer.from(h).toString('hex');

const writeLog = async (handle: StoreHandle, writers: number, perWriter: number, tag: string): Promise<LogPosition> =>
  (
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        let position = LOG_START;
        for (let i = 0; i < perWriter; i++)
          position = (
            await handle.store.appendToStream(
              `${tag}-${w}`,
              [
                { type: 'A', data: { w, i } },
                { type: 'B', data: { text: `ünï ${i}` } },
              ],
              { expectedVersion: i * 2, metadata: metadata() },
            )
          ).position;
        return position;
      }),
    )
  ).reduce(maxPosition, LOG_START);

/** Leaf hashes an outsider computes from the log alone (readAll in log order). */
const leavesFromLog = async (handle: StoreHandle): Promise<Uint8Array[]> => {
  const leaves: Uint8Array[] = [];
  const key = await loadCommitmentKey(handle.readModels);
  for (let after = LOG_START; ;) {
    const events = await handle.store.readAll({ after, limit: 500 });
    if (!events.length) return leaves;
    leaves.push(...events.map((e) => logLeafHashOf(e, key)));
    after = events[events.length - 1].position;
  }
};

const mth = (leaves: readonly Uint8Array[]) => {
  const tree = new MemoryTree();
  for (const l of leaves) tree.append(l);
  return tree.root();
};

describe('C2SP tlog-tiles from the stored tree (PGlite)', () => {
  let handle: StoreHandle;
  let runner: ProjectionRunner;
  let publisher: CheckpointPublisher;
  let log: TransparencyLog;

  beforeAll(async () => {
    handle = await openEventStore({ kind: 'pglite' });
    runner = new ProjectionRunner(handle, [new TransparencyTreeProjection()], { batchSize: 100 });
    await runner.start();
    const signer = noteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);
    publisher = new CheckpointPublisher(handle.readModels, signer, config);
    await publisher.onApplicationBootstrap();
    log = new TransparencyLog(handle.readModels, publisher, signer, config, runner);
  });
  afterAll(async () => {
    await publisher.onModuleDestroy();
    await runner.stop();
    await handle.close();
  });

  it('serves every tile of a 640-leaf checkpoint: leaf hashes, level-1 hashes of full tiles, and entry bundles that hash to the leaves', async () => {
    await writeLog(handle, 2, 160, 'w');
    // Commands do not wait for the tree: an on-demand checkpoint catches it up first.
    expect(await log.publishCheckpoint()).toEqual({ signed: true, treeSize: 640 });
    const checkpoint = (await log.latestCheckpoint())!;
    const leaves = await leavesFromLog(handle);
    expect(leaves).toHaveLength(640);

    const tiles = tilesOfTree(640);
    expect(tiles.map((t) => tilePath(t))).toEqual([
      'tile/0/000',
      'tile/0/001',
      'tile/0/002.p/128',
      'tile/1/000.p/2',
      'tile/entries/000',
      'tile/entries/001',
      'tile/entries/002.p/128',
    ]);
    const level0: Uint8Array[] = [];
    for (const t of tiles) {
      const served = await log.tile(tilePath(t).slice('tile/'.length));
      expect(served?.tile).toEqual(t);
      const from = t.index * 256;
      if (t.level === 0) {
        const hashes = decodeHashTile(served!.bytes);
        expect(served!.bytes).toHaveLength(32 * t.width);
        expect(hashes.map(hex)).toEqual(leaves.slice(from, from + t.width).map(hex));
        level0.push(...hashes);
      } else if (t.level === 1) {
        // Each level-1 hash is the MTH of one full level-0 tile (256 leaves).
        expect(decodeHashTile(served!.bytes).map(hex)).toEqual([0, 1].map((i) => hex(mth(leaves.slice(i * 256, (i + 1) * 256)))));
      } else {
        const entries = decodeEntryBundle(served!.bytes);
        expect(entries).toHaveLength(t.width);
        expect(entries.map((e) => hex(hashLeaf(e)))).toEqual(leaves.slice(from, from + t.width).map(hex));
        if (t.index === 0) expect(JSON.parse(new TextDecoder().decode(entries[0]))).toMatchObject({ type: 'A', version: 1 });
      }
    }
    // A client holding only the tiles recomputes the signed root.
    expect(Buffer.from(mth(level0)).toString('base64')).toBe(checkpoint.rootHash);
  });

  it('serves nothing beyond the latest signed checkpoint, and partial tiles of smaller sizes', async () => {
    await writeLog(handle, 1, 100, 'later'); // 200 more events, no checkpoint yet
    await runner.waitFor(await handle.store.headPosition(), 10_000, 'all');
    expect(await log.tile('0/002')).toBeNull(); // full only at 768 leaves
    expect(await log.tile('0/002.p/129')).toBeNull(); // the tree has it, the checkpoint (640) not
    expect(await log.tile('entries/002.p/129')).toBeNull();
    expect(await log.tile('1/000')).toBeNull();
    expect((await log.tile('0/002.p/5'))?.bytes).toHaveLength(5 * 32);
    expect((await log.tile('0/000.p/255'))?.bytes).toHaveLength(255 * 32); // a partial tile of an earlier size stays answerable
    expect(await log.publishCheckpoint()).toEqual({ signed: true, treeSize: 840 });
    expect((await log.tile('0/002'))?.bytes).toHaveLength(256 * 32);
    expect((await log.tile('0/003.p/72'))?.bytes).toHaveLength(72 * 32);
    expect((await log.tile('1/000.p/3'))?.bytes).toHaveLength(3 * 32);
  });

  it('refuses a malformed or non-canonical path naming the argument', async () => {
    for (const path of ['0/x000/001', '64/000', '0/000.p/0', '0/000.p/256', 'x/000', '0/1', '../../etc/passwd'])
      await expect(log.tile(path)).rejects.toMatchObject({ category: 'BAD_USER_INPUT', code: 'INPUT.INVALID', details: { fields: [{ field: 'path' }] } });
  });
});
