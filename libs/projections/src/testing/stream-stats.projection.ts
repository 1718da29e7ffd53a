import { openEventStore, RecordedEvent, SqlExecutor, StoreHandle } from '@registry/event-store';
import { Projection } from '../projection';

/**
 * A test read model that is sensitive to order and to double application: per stream, the event count,
 * the last type, and a running hash-like fold of the versions seen. Applying an event twice, skipping
 * one or applying out of order all change the row.
 */
export class StreamStatsProjection implements Projection {
  readonly name: string;

  /**
   * `eventTypes`: read only these (`Projection.eventTypes`); an event of another type handed to `apply` then fails
   * the batch, so a runner that passes one on is caught. `table`: another table (and name) for a second instance
   * beside the first.
   */
  constructor(
    readonly version = 1,
    private readonly delayMs = 0,
    readonly eventTypes?: readonly string[],
    readonly table = STATS_TABLE,
  ) {
    this.name = table === STATS_TABLE ? 'stream-stats' : table;
  }

  async setup(db: SqlExecutor): Promise<void> {
    await db.query(`CREATE TABLE IF NOT EXISTS ${this.table} (
      stream_id text PRIMARY KEY, events integer NOT NULL, last_type text NOT NULL, fold bigint NOT NULL)`);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    if (this.eventTypes && !this.eventTypes.includes(event.type)) throw new Error(`stream-stats reads ${this.eventTypes.join(', ')}, not ${event.type}`);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    await tx.query(
      `INSERT INTO ${this.table} AS t (stream_id, events, last_type, fold) VALUES ($1, 1, $2, $3)
       ON CONFLICT (stream_id) DO UPDATE SET events = t.events + 1, last_type = EXCLUDED.last_type, fold = (t.fold * 31 + $3) % 1000000007`,
      [event.streamId, event.type, event.streamVersion],
    );
  }
}

const STATS_TABLE = 'test_stream_stats';

export const readStats = async (db: SqlExecutor, table = STATS_TABLE) =>
  (
    await db.query<{ stream_id: string; events: number; last_type: string; fold: string }>(
      `SELECT stream_id, events, last_type, fold::text AS fold FROM ${table} ORDER BY stream_id`,
    )
  ).rows;

/** One in-memory PGlite for the expectations of a spec file (booting one takes seconds on a busy machine). */
let scratch: Promise<StoreHandle> | undefined;

/** The rows the projection gives for these events applied one at a time, without any runner (on the file's scratch PGlite). */
export const statsOf = async (events: Iterable<RecordedEvent> | AsyncIterable<RecordedEvent>) => {
  const projection = new StreamStatsProjection();
  const db = (await (scratch ??= openEventStore({ kind: 'pglite' }))).readModels;
  await projection.setup(db);
  await projection.reset(db);
  for await (const e of events) await projection.apply(db, e);
  return readStats(db);
};

/** Closes the scratch PGlite of `statsOf` (a spec file's afterAll). */
export const closeScratch = async (): Promise<void> => {
  const open = scratch;
  scratch = undefined;
  await (await open)?.close();
};
