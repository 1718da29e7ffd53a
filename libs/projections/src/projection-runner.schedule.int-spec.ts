import { LOG_START, LogPosition, maxPosition, openEventStore, RecordedEvent, SqlExecutor, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { ProjectionRunner } from './projection-runner';
import { Projection } from './projection';
import { readStats, StreamStatsProjection } from './testing/stream-stats.projection';

/**
 * A background read model (as the transparency tree is): one row per event, in log order, written per batch.
 * `gate` holds its batches until released, to show that commands never wait for it.
 */
class EventListProjection implements Projection {
  readonly name = 'event-list';
  readonly version = 1;
  readonly schedule = 'background';
  gate: Promise<void> = Promise.resolve();

  async setup(db: SqlExecutor): Promise<void> {
    await db.query('CREATE TABLE IF NOT EXISTS test_event_list (n bigint PRIMARY KEY, event_id uuid NOT NULL UNIQUE)');
  }
  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM test_event_list');
  }
  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    return this.applyBatch(tx, [event]);
  }
  async applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    await this.gate;
    await tx.query(
      `INSERT INTO test_event_list (n, event_id)
       SELECT (SELECT count(*) FROM test_event_list) + u.ord - 1, u.id FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, ord)`,
      [events.map((e) => e.eventId)],
    );
  }
}

const append = async (handle: StoreHandle, stream: string, version: number): Promise<LogPosition> =>
  (await handle.store.appendToStream(stream, [{ type: 'Thing', data: { version } }], { expectedVersion: version, metadata: metadata() })).position;

const writeBurst = async (handle: StoreHandle, writers: number, perWriter: number): Promise<LogPosition> =>
  (
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        let p = LOG_START;
        for (let i = 0; i < perWriter; i++) p = await append(handle, `burst-${w}`, i);
        return p;
      }),
    )
  ).reduce(maxPosition, LOG_START);

const listed = async (handle: StoreHandle) =>
  (await handle.readModels.query<{ event_id: string }>('SELECT event_id::text AS event_id FROM test_event_list ORDER BY n')).rows.map((r) => r.event_id);

const logOrder = async (handle: StoreHandle) => (await handle.store.readAll({ after: LOG_START, limit: 10_000 })).map((e) => e.eventId);

describe('projection runner scheduling (background projections)', () => {
  let handle: StoreHandle;
  let runner: ProjectionRunner | undefined;

  beforeEach(async () => {
    handle = await openEventStore({ kind: 'pglite' });
  });
  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await handle.close();
  });

  it('waitFor answers for the awaited read models while a background one is held; naming it (or "all") waits for it too', async () => {
    const background = new EventListProjection();
    let release!: () => void;
    background.gate = new Promise<void>((r) => (release = r));
    runner = new ProjectionRunner(handle, [new StreamStatsProjection(), background], { coalesceMs: 5, pollIntervalMs: 20 });
    await runner.start();
    const written = await append(handle, 'mine', 0);

    await runner.waitFor(written, 2_000); // the default scope: awaited projections only
    expect(await readStats(handle.readModels)).toEqual([{ stream_id: 'mine', events: 1, last_type: 'Thing', fold: '1' }]);
    expect(await listed(handle)).toEqual([]);
    expect(await runner.waitFor(written, 150, ['event-list']).catch((e) => e.code)).toBe('PROJECTION.LAGGING');
    expect(await runner.waitFor(written, 150, 'all').catch((e) => e.code)).toBe('PROJECTION.LAGGING');

    release();
    await runner.waitFor(written, 5_000, ['event-list']);
    expect(await listed(handle)).toEqual(await logOrder(handle));
    expect(() => runner!.waitFor(written, 10, ['no-such-projection'])).toThrow('No projection named no-such-projection');
  });

  it('applies a burst of appends in coalesced batches (at most one per window), complete and in log order', async () => {
    const coalesceMs = 100;
    const batches: { projection: string; applied: number }[] = [];
    runner = new ProjectionRunner(handle, [new StreamStatsProjection(), new EventListProjection()], {
      coalesceMs,
      pollIntervalMs: 60_000, // no polling: only appends wake the runner
      onBatch: (projection, _, applied) => batches.push({ projection, applied }),
    });
    await runner.start();
    const started = performance.now();
    const written = await writeBurst(handle, 4, 15);
    await runner.waitFor(written, 10_000, 'all');
    const elapsed = performance.now() - started;

    const background = batches.filter((b) => b.projection === 'event-list');
    expect(background.reduce((n, b) => n + b.applied, 0)).toBe(60);
    // Each batch after the first wake-up waited a whole window: never more batches than windows in the run.
    expect(background.length).toBeLessThanOrEqual(Math.ceil(elapsed / coalesceMs) + 1);
    expect(await listed(handle)).toEqual(await logOrder(handle));
    expect((await readStats(handle.readModels)).reduce((n, r) => n + r.events, 0)).toBe(60);
  });

  it('a waiter naming a background projection cuts its coalescing window short', async () => {
    runner = new ProjectionRunner(handle, [new EventListProjection()], { coalesceMs: 30_000, pollIntervalMs: 60_000 });
    await runner.start();
    const written = await append(handle, 'urgent', 0);
    const started = performance.now();
    await runner.waitFor(written, 5_000, ['event-list']);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await listed(handle)).toHaveLength(1);
    // With only background projections, the default scope has nothing to wait for.
    await expect(runner.waitFor(await append(handle, 'urgent', 1), 50)).resolves.toBeUndefined();
  });

  it('catchUp(names) brings only the named projections up to the log', async () => {
    runner = new ProjectionRunner(handle, [new StreamStatsProjection(), new EventListProjection()], { coalesceMs: 30_000, pollIntervalMs: 60_000 });
    await runner.start();
    await runner.stop(); // nothing runs in the background: only catchUp moves the projections
    await writeBurst(handle, 2, 3);
    await runner.catchUp(['event-list']);
    expect(await listed(handle)).toEqual(await logOrder(handle));
    expect(await readStats(handle.readModels)).toEqual([]);
    runner = undefined;
  });
});
