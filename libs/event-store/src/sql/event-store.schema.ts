import { SqlDatabase } from './sql-database';

/**
 * The event store's tables. Created idempotently under an advisory lock so that several processes
 * starting at once on one PostgreSQL database do not race on CREATE TABLE.
 */
const STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS es_streams (
     stream_id text PRIMARY KEY,
     version   bigint NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS es_events (
     global_position bigserial PRIMARY KEY,
     transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
     stream_id       text        NOT NULL,
     stream_version  bigint      NOT NULL,
     event_id        uuid        NOT NULL,
     type            text        NOT NULL,
     data            jsonb       NOT NULL,
     metadata        jsonb       NOT NULL,
     schema_version  integer     NOT NULL,
     recorded_at     timestamptz NOT NULL DEFAULT now(),
     CONSTRAINT es_events_stream_version_key UNIQUE (stream_id, stream_version),
     CONSTRAINT es_events_event_id_key UNIQUE (event_id)
   )`,
  // The latest decision time that wrote or relied on the stream (AppendOptions.decisionTime).
  `ALTER TABLE es_streams ADD COLUMN IF NOT EXISTS decided_at timestamptz`,
  // The global log's order; readers page through it with a row comparison on this index.
  `CREATE INDEX IF NOT EXISTS es_events_log_order ON es_events (transaction_id, global_position)`,
  `CREATE TABLE IF NOT EXISTS es_idempotency (
     idempotency_key       text PRIMARY KEY,
     request_fingerprint   text NOT NULL,
     stream_id             text NOT NULL,
     first_global_position bigint,
     last_global_position  bigint,
     created_at            timestamptz NOT NULL DEFAULT now()
   )`,
];

/** Arbitrary constant shared by every process that migrates this schema. */
const MIGRATION_LOCK = 4_812_301;

export const migrateEventStore = (db: SqlDatabase): Promise<void> =>
  db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    for (const statement of STATEMENTS) await tx.query(statement);
  });
