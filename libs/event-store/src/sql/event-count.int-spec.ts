import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '../../../../test/support/postgres';
import { metadata } from '../testing/event-store.contract';
import { PostgresDatabase } from './postgres-database';
import { SqlEventStore } from './sql-event-store';

/**
 * `status.eventCount` reads the counter the es_events triggers maintain. It must equal a direct count after
 * anything a store can go through: concurrent appenders, refused appends, idempotent replays, and a database
 * created before the counter existed.
 */
describe('maintained event counter (PostgreSQL)', () => {
  let database: TestDatabase;
  let db: PostgresDatabase;
  let store: SqlEventStore;
  const counted = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events')).rows[0].n;

  beforeEach(async () => {
    database = await createTestDatabase('event_count');
    db = PostgresDatabase.open(database.url, { max: 12 });
    store = await SqlEventStore.create(db);
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('stays exact under 8 concurrent writers with races lost, keyed retries and replayed event ids', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 20; i++) {
          const events = [
            { type: 'A', data: { w, i }, eventId: randomUUID() },
            { type: 'B', data: { w, i } },
          ];
          const meta = metadata({ idempotencyKey: `w${w}-${i}` });
          // Each writer appends to its own stream and to one shared stream, where most writers lose the race.
          await store.appendToStream(`own-${w}`, events, { expectedVersion: i * 2, metadata: meta });
          await store.appendToStream(`own-${w}`, events, { expectedVersion: i * 2, metadata: meta }); // keyed retry
          await store.appendToStream(`own-${w}`, [events[0]], { expectedVersion: i * 2, metadata: metadata() }).catch(() => undefined); // replayed id, other batch
          const shared = await store.readStream('shared');
          await store
            .appendToStream('shared', [{ type: 'S', data: { w, i } }], { expectedVersion: shared.version, metadata: metadata() })
            .catch(() => undefined);
        }
      }),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const shared = (await store.readStream('shared')).version;
    expect(await counted()).toBe(8 * 20 * 2 + shared);
    expect(await store.eventCount()).toBe(await counted());
  });

  it('counts a database created before the counter once, at migration, then follows it', async () => {
    for (let i = 0; i < 5; i++)
      await store.appendToStream(
        `s-${i}`,
        [
          { type: 'X', data: {} },
          { type: 'Y', data: {} },
        ],
        { expectedVersion: 0, metadata: metadata() },
      );
    // Back to the schema as it was before the counter: no triggers, no counter table.
    await db.query(`DROP TRIGGER es_events_count_insert ON es_events; DROP TRIGGER es_events_count_delete ON es_events;
                    DROP TRIGGER es_events_count_truncate ON es_events; DROP TABLE es_event_count`);
    await store.close();

    db = PostgresDatabase.open(database.url, { max: 4 });
    store = await SqlEventStore.create(db);
    expect(await store.eventCount()).toBe(10);
    await store.appendToStream('s-0', [{ type: 'Z', data: {} }], { expectedVersion: 2, metadata: metadata() });
    await db.query(`DELETE FROM es_events WHERE stream_id = 's-1'`);
    expect(await store.eventCount()).toBe(9);
    expect(await counted()).toBe(9);
    // Opening again does not count a second time.
    const again = await SqlEventStore.create(PostgresDatabase.open(database.url, { max: 2 }));
    expect(await again.eventCount()).toBe(9);
    await again.close();
    await db.query('TRUNCATE es_events');
    expect(await store.eventCount()).toBe(0);
  });
});
