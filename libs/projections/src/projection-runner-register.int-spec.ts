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
});
