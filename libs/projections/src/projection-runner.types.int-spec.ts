import {
  BareEvent,
  comparePositions,
  EventStore,
  LOG_START,
  LogPosition,
  maxPosition,
  openEventStore,
  RecordedEvent,
  StoreHandle,
} from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { BareProjection, Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { closeScratch, readStats, statsOf, StreamStatsProjection } from './testing/stream-stats.projection';
import { storeTargets, StoreTarget } from './testing/store-targets';

/**
 * A projection that names its event types (`Projection.eventTypes`) is handed only those, in log order, each once,
 * while its checkpoint moves past the rest: `waitFor` a position of another type resolves, rebuilds and reads ahead
 * behave as for a projection of every type. A projection handed a type it did not name fails its batch
 * (StreamStatsProjection checks), so a runner that passed one on would fail these specs.
 */
const targets = storeTargets('projection_types', { poolSize: 12 });

/** `rounds` appends per writer, of the types A, B, C in turn (one event each), from `writers` writers at once. */
const writeLog = async (store: EventStore, writers: number, rounds: number): Promise<LogPosition> => {
  const last = await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let position = LOG_START;
      for (let i = 0; i < rounds; i++)
        position = (await store.appendToStream(`s-${w}`, [{ type: 'ABC'[i % 3], data: { i } }], { expectedVersion: i, metadata: metadata() })).position;
      return position;
    }),
  );
  return last.reduce(maxPosition, LOG_START);
};

/** The rows the projection gives for the log's events of `types`, applied one at a time without a runner. */
const expectedOf = async (handle: StoreHandle, written: LogPosition, types: readonly string[]) => {
  const all = [];
  let after = LOG_START;
  while (comparePositions(after, written) < 0) {
    const page = await handle.store.readAll({ after, limit: 1000 });
    if (!page.length) {
      await new Promise((r) => setTimeout(r, 20)); // committed, but held back by another database's transaction for a moment
      continue;
    }
    all.push(...page);
    after = page[page.length - 1].position;
  }
  return statsOf(all.filter((e) => types.includes(e.type)));
};

afterAll(closeScratch);

describe.each(Object.keys(targets))('projection runner, projections of some event types, on %s', (kind) => {
  let target: StoreTarget;
  let handle: StoreHandle;

  beforeEach(async () => {
    target = await targets[kind]();
    handle = await openEventStore(target.config);
  });
  /** Runners a spec started, stopped after it whatever its outcome (a running runner would hold the store open). */
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    await handle.close();
    await target.dispose();
  });

  it('applies only the named types while writers append, reaches every position, and a rebuild gives the same rows', async () => {
    const batches: { projection: string; applied: number }[] = [];
    const onlyB = new StreamStatsProjection(1, 0, ['B']);
    const runner = new ProjectionRunner(handle, [onlyB], {
      batchSize: 4,
      maxBatchSize: 16,
      pollIntervalMs: 20,
      onBatch: (projection, _, applied) => batches.push({ projection, applied }),
    });
    await runner.start();
    const written = await writeLog(handle.store, 4, 30);
    await runner.waitFor(written);
    const live = await readStats(handle.readModels);
    expect(live).toEqual(await expectedOf(handle, written, ['B']));
    expect(live.reduce((n, r) => n + r.events, 0)).toBe(40);
    expect(live.every((r) => r.last_type === 'B')).toBe(true);
    // Every batch that moved the checkpoint is reported, those that applied none of its events too.
    expect(batches.reduce((n, b) => n + b.applied, 0)).toBe(40);

    await runner.rebuild('stream-stats');
    await runner.waitFor(written);
    expect(await readStats(handle.readModels)).toEqual(live);
    await runner.stop();
  });

  it('moves the checkpoint to the head when the log holds none of its types, so a writer waiting for it is released', async () => {
    const written = await writeLog(handle.store, 1, 9);
    const batches: number[] = [];
    const runner = new ProjectionRunner(handle, [new StreamStatsProjection(1, 0, ['Z'])], { batchSize: 4, onBatch: (_, __, applied) => batches.push(applied) });
    await runner.start();
    await runner.waitFor(written, 5_000);
    expect(comparePositions(runner.position(), written)).toBe(0);
    expect(await readStats(handle.readModels)).toEqual([]);
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.every((applied) => applied === 0)).toBe(true);
    // The stored checkpoint moved too: a new runner starts at the head, not at the log's start.
    await runner.stop();
    const { rows } = await handle.readModels.query<{ position: string }>(
      "SELECT global_position::text AS position FROM es_projection_checkpoints WHERE name = 'stream-stats'",
    );
    expect(rows[0].position).toBe(written.globalPosition.toString());
  });

  it("passes over a caught-up projection while another of its lane rebuilds, and still applies an append to it at once, or another process's within a poll interval", async () => {
    const written = await writeLog(handle.store, 1, 120);
    const reads = { quiet: 0 };
    const reader = handle.logReader!;
    // The caught-up projection's reads of the log, counted: it is the only one that reads type Z.
    const source = {
      ...handle,
      logReader: {
        readPageWithin: (tx: Parameters<typeof reader.readPageWithin>[0], options: Parameters<typeof reader.readPageWithin>[1]) => {
          if (options.types?.includes('Z')) reads.quiet++;
          return reader.readPageWithin(tx, options);
        },
      },
    };
    const busy = new StreamStatsProjection(1, 0, ['A', 'B', 'C']);
    const quiet = new StreamStatsProjection(1, 0, ['Z'], 'test_stream_stats_z');
    const positions = { busyWhenQuietSawZ: LOG_START };
    const runner = new ProjectionRunner(source, [busy, quiet], {
      batchSize: 5,
      pollIntervalMs: kind === 'postgres' ? 150 : 60_000,
      onBatch: (name, _, applied) => {
        if (name === quiet.name && applied > 0) positions.busyWhenQuietSawZ = runner.positions().get(busy.name)!;
      },
    });
    await runner.start();
    stops.push(() => runner.stop());
    await runner.waitFor(written, 10_000, 'all');

    reads.quiet = 0;
    await runner.rebuild(busy.name);
    await runner.waitFor(written, 10_000, [busy.name]);
    // 24 batches of the rebuild; the quiet projection looked once (the rebuild woke its lane), not once per batch. On
    // PostgreSQL it also looks once a poll interval (150 ms) for other processes' appends.
    if (kind === 'pglite') expect(reads.quiet).toBe(1);
    else expect(reads.quiet).toBeLessThan(12);

    // An append of this process wakes the lane: the quiet projection applies it at once.
    const z = await handle.store.appendToStream('z-1', [{ type: 'Z', data: {} }], { expectedVersion: 0, metadata: metadata() });
    await runner.waitFor(z.position, 2_000, [quiet.name]);
    expect((await readStats(handle.readModels, 'test_stream_stats_z')).map((r) => r.stream_id)).toEqual(['z-1']);

    if (kind === 'postgres') {
      // Another process's append (no wake-up here) while the busy projection rebuilds slowly: seen within a poll interval.
      const other = await openEventStore(target.config);
      try {
        const slow = new StreamStatsProjection(1, 5, ['A', 'B', 'C']);
        const slowRunner = new ProjectionRunner(handle, [slow, new StreamStatsProjection(1, 0, ['Z'], 'test_stream_stats_z')], {
          batchSize: 5,
          pollIntervalMs: 150,
          onBatch: (name, _, applied) => {
            if (name === 'test_stream_stats_z' && applied > 0) positions.busyWhenQuietSawZ = slowRunner.positions().get(slow.name)!;
          },
        });
        await slowRunner.start();
        stops.push(() => slowRunner.stop());
        await slowRunner.rebuild(slow.name);
        const z2 = await other.store.appendToStream('z-2', [{ type: 'Z', data: {} }], { expectedVersion: 0, metadata: metadata() });
        positions.busyWhenQuietSawZ = LOG_START;
        await slowRunner.waitFor(z2.position, 5_000, ['test_stream_stats_z']);
        // 120 events at 5 ms each: the rebuild (about 0.6 s) was still going when the append was applied.
        expect(comparePositions(positions.busyWhenQuietSawZ, written)).toBeLessThan(0);
      } finally {
        await other.close();
      }
    }
  });

  it('catches up a long log page by page, reading ahead, with the same rows as one event at a time', async () => {
    const written = await writeLog(handle.store, 1, 300);
    while (comparePositions(await handle.store.headPosition(), written) < 0) await new Promise((r) => setTimeout(r, 20));
    const runner = new ProjectionRunner(
      handle,
      [new StreamStatsProjection(1, 0, ['A', 'C']), new StreamStatsProjection(1, 0, undefined, 'test_stream_stats_all')],
      {
        batchSize: 5,
        maxBatchSize: 40,
      },
    );
    await runner.start();
    await runner.catchUp();
    await runner.stop();
    expect(await readStats(handle.readModels)).toEqual(await expectedOf(handle, written, ['A', 'C']));
    expect(await readStats(handle.readModels, 'test_stream_stats_all')).toEqual(await expectedOf(handle, written, ['A', 'B', 'C']));
  });

  it('hands a bare projection its events without metadata or recording time, in the batch and read ahead; the others whole', async () => {
    const written = await writeLog(handle.store, 1, 60);
    while (comparePositions(await handle.store.headPosition(), written) < 0) await new Promise((r) => setTimeout(r, 20));
    const seen: { bare: BareEvent[]; whole: RecordedEvent[] } = { bare: [], whole: [] };
    const bare: BareProjection = {
      name: 'bare',
      version: 1,
      bare: true,
      eventTypes: ['A', 'B'],
      setup: async () => undefined,
      reset: async () => undefined,
      apply: async (_, event) => void seen.bare.push(event),
    };
    const whole: Projection = { ...bare, name: 'whole', bare: false, apply: async (_, event) => void seen.whole.push(event) };
    const runner = new ProjectionRunner(handle, [bare, whole], { batchSize: 5, maxBatchSize: 20 });
    await runner.start();
    await runner.catchUp();
    await runner.stop();
    expect(seen.bare).toHaveLength(40);
    for (const event of seen.bare)
      expect(Object.keys(event).sort()).toEqual(['data', 'eventId', 'position', 'schemaVersion', 'streamId', 'streamVersion', 'type']);
    expect(seen.whole.map((e) => e.eventId)).toEqual(seen.bare.map((e) => e.eventId));
    for (const event of seen.whole)
      expect(event).toMatchObject({ metadata: expect.objectContaining({ correlationId: expect.any(String) }), recordedAt: expect.any(Date) });
  });
});
