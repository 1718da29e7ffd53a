import { SqlExecutor } from '@registry/event-store';
import { EventLike } from '@registry/transparency';

/** The es_events columns a log entry is made of, read straight from the table (no store logic in between). */
export const EVENT_ENTRY_COLUMNS = `event_id::text AS event_id, stream_id, stream_version::text AS stream_version, type, schema_version,
  data, metadata, transaction_id::text AS transaction_id, global_position::text AS global_position`;

export interface EventEntryRow {
  event_id: string;
  stream_id: string;
  stream_version: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  transaction_id: string;
  global_position: string;
}

export const eventOfRow = (r: EventEntryRow): EventLike => ({
  eventId: r.event_id,
  streamId: r.stream_id,
  streamVersion: Number(r.stream_version),
  type: r.type,
  schemaVersion: r.schema_version,
  data: r.data,
  metadata: r.metadata,
  position: { transactionId: BigInt(r.transaction_id), globalPosition: BigInt(r.global_position) },
});

export const readEventById = async (db: SqlExecutor, eventId: string): Promise<EventLike | undefined> => {
  const { rows } = await db.query<EventEntryRow>(`SELECT ${EVENT_ENTRY_COLUMNS} FROM es_events WHERE event_id = $1::uuid`, [eventId]);
  return rows.length ? eventOfRow(rows[0]) : undefined;
};

/** The events at leaf indexes `from` … `to` − 1 of the tree, in leaf order, in one query. */
export const readEventsByLeaves = async (db: SqlExecutor, from: number, to: number): Promise<EventLike[]> => {
  const { rows } = await db.query<EventEntryRow>(
    `SELECT ${EVENT_ENTRY_COLUMNS} FROM (SELECT l.leaf_index, e.* FROM tl_leaves l JOIN es_events e ON e.event_id = l.event_id
       WHERE l.leaf_index >= $1::bigint AND l.leaf_index < $2::bigint) x ORDER BY leaf_index`,
    [String(from), String(to)],
  );
  return rows.map(eventOfRow);
};
