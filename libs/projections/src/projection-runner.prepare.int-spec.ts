import { EventStore, LOG_START, LogPosition, maxPosition, ReadPageOptions, SqlExecutor, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { ProjectionRunner } from './projection-runner';
import { PreparedStats, PreparedStatsProjection } from './testing/prepared-stats.projection';
import { gate, statsFromLog, storeWithLog, unhandledRejections, withMethod } from './testing/runner-spec-support';
import { closeScratch, readStats } from './testing/stream-stats.projection';
import { storeTargets, StoreTarget } from './testing/store-targets';

/**
 * A projection that applies a batch in two steps (`Projection.prepareBatch`): while it is behind, on PostgreSQL, the
 * runner folds the next batch while the one before is written, in a snapshot of its own. These specs check that such a
 * batch is written only on top of the batch it was prepared after, once that one committed; that every event is
 * applied exactly once whatever fails or moves in between; and that PGlite (one connection) prepares each batch in its
 * own transaction.
 */
const targets = storeTargets('projections_prepare');

/** Five streams, each event of a stream in its own append, interleaved: 40 events, 8 batches of 5, each stream in most. */
const writeLog = async (store: EventStore): Promise<LogPosition> => {
  let last = LOG_START;
  for (let i = 0; i < 8; i++)
    for (let s = 0; s < 5; s++)
      last = maxPosition(
        last,
        (await store.appendToStream(`s-${s}`, [{ type: `T${(i + s) % 3}`, data: {} }], { expectedVersion: i, metadata: metadata() })).position,
      );
  return last;
};

afterAll(closeScratch);

describe.each(Object.keys(targets))('projection runner preparing the next batch on %s', (kind) => {
  let target: StoreTarget;
  let handle: StoreHandle;
  /** Batches prepared on top of another (ahead of their turn): only on an engine with concurrent transactions. */
  const aheadOf = (projection: PreparedStatsProjection) => projection.prepared.filter((b) => b.after !== undefined);

  beforeEach(async () => {
    target = await targets[kind]();
    ({ handle } = await storeWithLog(target, writeLog));
  });
  afterEach(async () => {
    await handle.close();
    await target.dispose();
  });

  it('folds each next batch while the one before is written: the rows are the log, once (PGlite: each batch in its transaction)', async () => {
    const projection = new PreparedStatsProjection();
    const runner = new ProjectionRunner(handle, [projection], { batchSize: 5 });
    await runner.catchUp();
    expect(await readStats(handle.readModels)).toEqual(await statsFromLog(handle));
    expect(projection.writes).toHaveLength(8);
    if (kind === 'postgres') {
      // Batches 2–8, each on top of the one before it, and each written right after it.
      expect(aheadOf(projection).map((b) => [b.after!.id, b.id])).toEqual([2, 3, 4, 5, 6, 7, 8].map((n) => [n - 1, n]));
      expect(projection.writes.map((b) => b.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    } else expect(aheadOf(projection)).toEqual([]);
  });

  it("takes turns with the runner's own loop: catchUp beside a started runner wastes no batch prepared ahead", async () => {
    const projection = new PreparedStatsProjection();
    const runner = new ProjectionRunner(handle, [projection], { batchSize: 5, pollIntervalMs: 10 });
    await runner.start(); // its loop starts catching up
    await runner.catchUp(); // as the app does before it serves
    await runner.stop();
    expect(await readStats(handle.readModels)).toEqual(await statsFromLog(handle));
    expect(projection.writes.map((b) => b.id).sort((x, y) => x - y)).toEqual(projection.writes.map((b) => b.id)); // one at a time, in order
    // Every batch prepared ahead was written: neither took the other's page or preparation away.
    expect(aheadOf(projection).filter((b) => !projection.writes.includes(b))).toEqual([]);
    expect(projection.writes).toHaveLength(8);
  });

  it('drops the batch prepared on top of one whose write failed: prepared again, no event twice, none skipped', async () => {
    const projection = new PreparedStatsProjection();
    let failed: PreparedStats | undefined;
    projection.failWrite = (batch) => {
      if (failed || projection.writes.length < 3) return false;
      failed = batch;
      return true;
    };
    const runner = new ProjectionRunner(handle, [projection], { batchSize: 5 });
    await expect(runner.catchUp()).rejects.toThrow(/write of batch \d+ failed/);
    await runner.catchUp();
    expect(await readStats(handle.readModels)).toEqual(await statsFromLog(handle));
    // What was prepared on top of the failed batch is never written; the events after it are written once each.
    expect(projection.writes.filter((b) => b.after === failed)).toEqual([]);
    expect(projection.writes).toHaveLength(9); // 8 batches, and the failed write
    if (kind === 'postgres') expect(projection.prepared.some((b) => b.after === failed)).toBe(true);
  });

  it('prepares in the batch when a preparation ahead fails, with no unhandled rejection', async () => {
    const projection = new PreparedStatsProjection();
    projection.failPrepareAhead = true;
    const runner = new ProjectionRunner(handle, [projection], { batchSize: 5 });
    const unhandled = await unhandledRejections(async () => {
      await runner.catchUp();
      await runner.stop();
    });
    expect(unhandled).toEqual([]);
    expect(projection.writes).toHaveLength(8);
    expect(projection.writes.every((b) => b.after === undefined)).toBe(true);
    expect(await readStats(handle.readModels)).toEqual(await statsFromLog(handle));
  });

  /**
   * Runner A's catch-up, its third transaction (after its first batch and the snapshot its second was prepared in) held
   * while `meanwhile` runs; then the rows must be the log, and A's second batch, prepared ahead, must not be written.
   */
  const withASecondBatchHeld = async (meanwhile: () => Promise<void>) => {
    const held = gate();
    const reached = gate();
    let transactions = 0;
    const readModels = withMethod(handle.readModels, 'transaction', async <T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> => {
      if (++transactions === 3) {
        reached.open();
        await held.opened;
      }
      return handle.readModels.transaction(work);
    });
    const a = new PreparedStatsProjection();
    const catchingUp = new ProjectionRunner({ store: handle.store, readModels, logReader: handle.logReader }, [a], { batchSize: 5 }).catchUp();
    await reached.opened;
    await meanwhile();
    held.open();
    await catchingUp;
    expect(await readStats(handle.readModels)).toEqual(await statsFromLog(handle));
    if (kind === 'postgres') {
      const [second] = aheadOf(a);
      expect(second.after!.id).toBe(1);
      expect(a.writes).not.toContain(second);
    }
    return a;
  };

  /** Runner B applies one batch of 5 (its reads after the first find nothing), after resetting the read model if asked. */
  const oneBatchOfB = async (reset: boolean) => {
    let reads = 0;
    const oneBatch = {
      readPageWithin: (tx: Parameters<NonNullable<StoreHandle['logReader']>['readPageWithin']>[0], options: ReadPageOptions) =>
        reads++ === 0 ? handle.logReader!.readPageWithin(tx, options) : Promise.resolve({ events: [], through: options.after, scanned: 0 }),
    };
    const b = new PreparedStatsProjection();
    const quiet = withMethod(handle.store, 'readPage', (options: ReadPageOptions) => Promise.resolve({ events: [], through: options.after, scanned: 0 }));
    const runnerB = new ProjectionRunner({ store: quiet, readModels: handle.readModels, logReader: oneBatch }, [b], { batchSize: 5 });
    if (reset) await runnerB.rebuild('stream-stats');
    await runnerB.catchUp();
    expect(b.writes).toHaveLength(1);
  };

  it('writes a batch prepared ahead only where it starts: another runner applied a batch in between, the page is read again', async () => {
    // B applies events 6–10 while A's second batch (6–10 as well) waits: that batch gives way to the page after B's checkpoint.
    const a = await withASecondBatchHeld(() => oneBatchOfB(false));
    expect(a.writes).toHaveLength(7); // 1–5, then 11–40
  });

  it("writes a batch prepared ahead only on the checkpoint row its batch before wrote: another runner's reset and batch brought it to the same position", async () => {
    // B resets the read model and applies events 1–5: the checkpoint is back where A's second batch starts (after 5),
    // but B wrote it; A's second batch, prepared on what A's snapshot showed, is prepared again.
    const a = await withASecondBatchHeld(() => oneBatchOfB(true));
    // 1–5, then 6–40 after B's 1–5 (PGlite, which prepares nothing ahead, held its third batch: 1–5, 6–10, then 6–40).
    expect(a.writes).toHaveLength(kind === 'postgres' ? 8 : 9);
  });

  it('prepares nothing ahead on rows another runner rebuilt meanwhile, and writes nothing prepared before: the rows are the log, once', async () => {
    // A's read ahead of its second page is held until B has rebuilt the read model and caught up (its checkpoint at 40).
    const held = gate();
    const requested = gate();
    let holding = true;
    const store = withMethod(handle.store, 'readPage', (async (options: ReadPageOptions) => {
      const page = await handle.store.readPage(options);
      if (holding) {
        holding = false;
        requested.open();
        await held.opened;
      }
      return page;
    }) as EventStore['readPage']);
    const a = new PreparedStatsProjection();
    const runnerA = new ProjectionRunner({ store, readModels: handle.readModels, logReader: handle.logReader }, [a], { batchSize: 5 });
    const catchingUp = runnerA.catchUp();
    await requested.opened;
    const b = new PreparedStatsProjection();
    const runnerB = new ProjectionRunner(handle, [b], { batchSize: 5 });
    await runnerB.rebuild('stream-stats');
    await runnerB.catchUp();
    held.open();
    await catchingUp;
    expect(await readStats(handle.readModels)).toEqual(await statsFromLog(handle));
    // A wrote its first batch only: its snapshot showed B's checkpoint (neither where A's first batch began nor where it
    // ended), so nothing was prepared on top of it; its next batch found the checkpoint at 40 and nothing to do.
    expect(a.writes.map((w) => w.id)).toEqual([1]);
    expect(aheadOf(a)).toEqual([]);
    expect(b.writes).toHaveLength(8);
  });
});
