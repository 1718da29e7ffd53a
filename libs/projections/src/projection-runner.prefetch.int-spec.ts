import { EventStore, LOG_START, LogPosition, maxPosition, ReadPageOptions, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { ProjectionRunner, ProjectionSource } from './projection-runner';
import { gate, statsFromLog, storeWithLog, unhandledRejections, withMethod } from './testing/runner-spec-support';
import { closeScratch, readStats, StreamStatsProjection } from './testing/stream-stats.projection';
import { storeTargets, StoreTarget } from './testing/store-targets';

/**
 * The runner reads the next page of the log on the store's own connections while a batch is applied. A page read
 * ahead may only be applied when the checkpoint, locked by the next batch, is still where the page starts: these
 * specs move it in between (another runner, a reset) and check that every event is applied exactly once.
 */
const targets = storeTargets('projections_prefetch');

/** Five streams of eight events each, appended one after the other: 40 events, 8 batches of 5. */
const writeLog = async (store: EventStore): Promise<LogPosition> => {
  let last = LOG_START;
  for (let s = 0; s < 5; s++)
    for (let i = 0; i < 4; i++)
      last = maxPosition(
        last,
        (
          await store.appendToStream(
            `s-${s}`,
            [
              { type: `A${i % 3}`, data: {} },
              { type: `B${i % 2}`, data: {} },
            ],
            { expectedVersion: i * 2, metadata: metadata() },
          )
        ).position,
      );
  return last;
};

afterAll(closeScratch);

interface Spied {
  readonly source: ProjectionSource;
  /** Reads through the port (the runner's reads ahead), with their `after`. */
  readonly readAhead: LogPosition[];
  /** Reads inside a batch's transaction. */
  readonly within: () => number;
}

/** The handle with its reads counted; `hold` (when given) keeps each read ahead from resolving until it settles. */
const spied = (handle: StoreHandle, hold?: () => Promise<void>): Spied => {
  const readAhead: LogPosition[] = [];
  let within = 0;
  const store = withMethod(handle.store, 'readPage', (async (options: ReadPageOptions) => {
    readAhead.push(options.after);
    const page = await handle.store.readPage(options);
    await hold?.();
    return page;
  }) as EventStore['readPage']);
  const logReader = {
    readPageWithin: (tx: Parameters<NonNullable<StoreHandle['logReader']>['readPageWithin']>[0], options: ReadPageOptions) => {
      within++;
      return handle.logReader!.readPageWithin(tx, options);
    },
  };
  return { source: { store, readModels: handle.readModels, logReader }, readAhead, within: () => within };
};

describe.each(Object.keys(targets))('projection runner reading ahead on %s', (kind) => {
  let target: StoreTarget;
  let handle: StoreHandle;
  let written: LogPosition;

  beforeEach(async () => {
    target = await targets[kind]();
    ({ handle, written } = await storeWithLog(target, writeLog));
  });
  afterEach(async () => {
    await handle.close();
    await target.dispose();
  });

  it('applies a page read ahead when the checkpoint is still where it starts: one read in a transaction for a whole catch-up', async () => {
    const spy = spied(handle);
    let applied = 0;
    const runner = new ProjectionRunner(spy.source, [new StreamStatsProjection()], { batchSize: 5, onBatch: (_, __, n) => (applied += n) });
    await runner.catchUp();
    expect(applied).toBe(40);
    expect(spy.within()).toBe(1); // the first batch; the 7 full batches after it read ahead, and so did the empty last one
    expect(spy.readAhead).toHaveLength(8);
    expect(await readStats(handle.readModels)).toEqual(await statsFromLog(handle));
  });

  it('discards a page read ahead when another runner moved the checkpoint meanwhile: no event twice, none skipped', async () => {
    const held = gate();
    const requested = gate();
    const spy = spied(handle, async () => {
      requested.open();
      await held.opened;
    });
    let byA = 0;
    let byB = 0;
    const a = new ProjectionRunner(spy.source, [new StreamStatsProjection()], { batchSize: 5, onBatch: (_, __, n) => (byA += n) });
    const b = new ProjectionRunner(handle, [new StreamStatsProjection()], { batchSize: 5, onBatch: (_, __, n) => (byB += n) });
    // A applies its first batch (events 1–5) and reads 6–10 ahead; that read is held until B has caught up.
    const catchingUp = a.catchUp();
    await requested.opened;
    await b.catchUp();
    expect(byB).toBe(35); // B locked the checkpoint after A's first batch committed, and applied 6–40
    held.open();
    await catchingUp;
    // A's page (6–10) started after event 5; the checkpoint was at 40: A read again in its transaction and found nothing.
    expect(byA).toBe(5);
    expect(spy.within()).toBe(2);
    expect(await readStats(handle.readModels)).toEqual(await statsFromLog(handle));
  });

  it('never applies a page read ahead across a rebuild: the rebuilt rows are the log, once', async () => {
    const held = gate();
    const requested = gate();
    let holding = true;
    const spy = spied(handle, async () => {
      if (!holding) return;
      requested.open();
      await held.opened;
    });
    let applied = 0;
    const firstBatch = gate();
    const runner = new ProjectionRunner(spy.source, [new StreamStatsProjection()], {
      batchSize: 5,
      onBatch: (_, __, n) => {
        applied += n;
        firstBatch.open();
      },
    });
    const catchingUp = runner.catchUp();
    await Promise.all([requested.opened, firstBatch.opened]);
    await new Promise((r) => setImmediate(r)); // the second batch has taken the page (6–10) and waits for it
    await runner.rebuild('stream-stats');
    holding = false;
    held.open();
    await catchingUp;
    await runner.catchUp();
    expect(runner.positions().get('stream-stats')).toEqual(written);
    // 5 before the reset, then the whole log from its start (a page from before the reset would add 5 more).
    expect(applied).toBe(45);
    expect(await readStats(handle.readModels)).toEqual(await statsFromLog(handle));
  });

  it('reads again in the transaction when a read ahead failed, with no unhandled rejection', async () => {
    let failures = 0;
    const failing = withMethod(handle.store, 'readPage', async () => {
      failures++;
      throw new Error('connection lost');
    });
    let applied = 0;
    const runner = new ProjectionRunner({ store: failing, readModels: handle.readModels, logReader: handle.logReader }, [new StreamStatsProjection()], {
      batchSize: 5,
      onBatch: (_, __, n) => (applied += n),
    });
    const unhandled = await unhandledRejections(async () => {
      await runner.catchUp();
      await runner.stop();
    });
    expect(unhandled).toEqual([]);
    expect(failures).toBe(8);
    expect(applied).toBe(40);
    expect(await readStats(handle.readModels)).toEqual(await statsFromLog(handle));
  });
});
