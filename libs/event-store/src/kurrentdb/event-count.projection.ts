import { RecordedEvent } from '../event-store.port';
import { SqlExecutor } from '../sql/sql-database';
import { EngineProjection, EventLogStats } from '../store-handle';

/**
 * The event count beside KurrentDB: $all has no cheap count, so the read-model database keeps one, moved by
 * the projection runner in the same transaction as its checkpoint (exact as of the runner's position).
 */
export class EventCountProjection implements EngineProjection {
  readonly name = 'event-count';
  readonly version = 1;

  async setup(db: SqlExecutor): Promise<void> {
    await db.query('CREATE TABLE IF NOT EXISTS rm_event_count (id integer PRIMARY KEY CHECK (id = 1), events bigint NOT NULL)');
    await db.query('INSERT INTO rm_event_count (id, events) VALUES (1, 0) ON CONFLICT (id) DO NOTHING');
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('UPDATE rm_event_count SET events = 0');
  }

  async apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    await this.applyBatch(tx, [event]);
  }

  async applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    await tx.query('UPDATE rm_event_count SET events = events + $1', [events.length]);
  }
}

export const countedEvents = (db: SqlExecutor): EventLogStats => ({
  engine: 'kurrentdb',
  eventCount: async () => Number((await db.query<{ n: string }>('SELECT events::text AS n FROM rm_event_count')).rows[0]?.n ?? 0),
});
