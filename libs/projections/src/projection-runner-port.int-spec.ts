import { EventCountProjection, LOG_START, LogPosition, maxPosition, openEventStore, PostgresDatabase, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { createTestDatabase, TestDatabase } from '../../../test/support/postgres';
import { ProjectionRunner } from './projection-runner';
import { readStats, StreamStatsProjection } from './testing/stream-stats.projection';

/**
 * The arrangement KurrentDB runs in: the log in one store, the read models in another database, no reader
 * that joins the read-model transaction. The runner then reads through `EventStore.readAll` and commits each
 * batch with its checkpoint in the read-model database. Played here with the log in one PostgreSQL database
 * and the read models in a second one (no KurrentDB server on this machine).
 */
describe('projection runner fed through the port (log and read models in different databases)', () => {
  let logDb: TestDatabase;
  let readDb: TestDatabase;
  let log: StoreHandle;
  let readModels: PostgresDatabase;

  beforeEach(async () => {
    [logDb, readDb] = await Promise.all([createTestDatabase('port_log'), createTestDatabase('port_read')]);
    log = await openEventStore({ kind: 'postgres', url: logDb.url, poolSize: 6 });
    readModels = PostgresDatabase.open(readDb.url, { max: 4 });
  });
  afterEach(async () => {
    await log.close();
    await readModels.close();
    await Promise.all([logDb.drop(), readDb.drop()]);
  });

  const writeLog = async (writers: number, perWriter: number): Promise<LogPosition> => {
    const last = await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        let position = LOG_START;
        for (let i = 0; i < perWriter; i++)
          position = (
            await log.store.appendToStream(
              `s-${w}`,
              [
                { type: `A${i % 3}`, data: {} },
                { type: 'B', data: {} },
              ],
              { expectedVersion: i * 2, metadata: metadata() },
            )
          ).position;
        return position;
      }),
    );
    return last.reduce(maxPosition, LOG_START);
  };

  it('applies every event once, keeps the event count, and resumes from the checkpoint stored with the rows', async () => {
    const count = new EventCountProjection();
    const source = { store: log.store, readModels };
    const runner = new ProjectionRunner(source, [new StreamStatsProjection(), count], { batchSize: 7, pollIntervalMs: 20 });
    await runner.start();
    await runner.waitFor(await writeLog(4, 10));
    expect((await readStats(readModels)).map((r) => [r.stream_id, r.events])).toEqual([
      ['s-0', 20],
      ['s-1', 20],
      ['s-2', 20],
      ['s-3', 20],
    ]);
    const counted = async () => Number((await readModels.query<{ n: string }>('SELECT events::text AS n FROM rm_event_count')).rows[0].n);
    expect(await counted()).toBe(80);
    await runner.stop();

    // Nothing in the read-model database came from the log's database: no es_events there.
    expect((await readModels.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'es_events'`)).rows[0].n).toBe(
      0,
    );

    // A second runner resumes where the checkpoint says: nothing applied twice.
    const resumed = new ProjectionRunner(source, [new StreamStatsProjection(), count], { batchSize: 7, pollIntervalMs: 20 });
    await resumed.start();
    const later = await log.store.appendToStream(
      'later',
      [
        { type: 'A', data: {} },
        { type: 'B', data: {} },
      ],
      { expectedVersion: 0, metadata: metadata() },
    );
    await resumed.waitFor(later.position);
    expect(await counted()).toBe(82);
    expect((await readStats(readModels)).map((r) => r.events)).toEqual([2, 20, 20, 20, 20]);
    await resumed.stop();
  });
});
