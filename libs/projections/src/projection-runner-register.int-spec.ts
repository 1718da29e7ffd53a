import { openEventStore, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { ProjectionRunner } from './projection-runner';
import { readStats, StreamStatsProjection } from './testing/stream-stats.projection';

/** The app registers its feature modules' read models after building the runner, before starting it. */
describe('ProjectionRunner.register', () => {
  let store: StoreHandle;
  beforeEach(async () => {
    store = await openEventStore({ kind: 'pglite' });
  });
  afterEach(() => store.close());

  it('feeds a projection registered after construction exactly as one given to the constructor', async () => {
    const runner = new ProjectionRunner(store, []);
    runner.register(new StreamStatsProjection());
    await runner.start();
    const { position } = await store.store.appendToStream('s-1', [{ type: 'A', data: {} }], { expectedVersion: 0, metadata: metadata() });
    await runner.waitFor(position);
    expect(await readStats(store.readModels)).toEqual([expect.objectContaining({ stream_id: 's-1', events: 1 })]);
    expect([...runner.positions().keys()]).toEqual(['stream-stats']);
    await runner.stop();
  });

  it('refuses a second projection under a name already taken (they would share one checkpoint)', () => {
    const runner = new ProjectionRunner(store, [new StreamStatsProjection()]);
    expect(() => runner.register(new StreamStatsProjection())).toThrow('Two projections are named stream-stats');
  });

  it('refuses a registration once the runner has started', async () => {
    const runner = new ProjectionRunner(store, []);
    await runner.start();
    expect(() => runner.register(new StreamStatsProjection())).toThrow('before the runner starts');
    await runner.stop();
  });

  it('grows batches while a projection is behind (doubling up to maxBatchSize) and starts small again once caught up', async () => {
    // Tables and checkpoint made by a runner started and stopped on the empty log; the one measured only catches up.
    const setup = new ProjectionRunner(store, [new StreamStatsProjection()]);
    await setup.start();
    await setup.stop();
    for (let i = 0; i < 30; i++) await store.store.appendToStream(`s-${i}`, [{ type: 'A', data: {} }], { expectedVersion: 0, metadata: metadata() });
    const sizes: number[] = [];
    const runner = new ProjectionRunner(store, [new StreamStatsProjection()], {
      batchSize: 2,
      maxBatchSize: 8,
      onBatch: (_, __, applied) => sizes.push(applied),
    });
    await runner.catchUp();
    expect(sizes).toEqual([2, 4, 8, 8, 8]);
    sizes.length = 0;
    for (let i = 0; i < 5; i++) await store.store.appendToStream(`t-${i}`, [{ type: 'A', data: {} }], { expectedVersion: 0, metadata: metadata() });
    await runner.catchUp();
    expect(sizes).toEqual([2, 3]);
    expect((await readStats(store.readModels)).reduce((n, r) => n + r.events, 0)).toBe(35);
  });
});
