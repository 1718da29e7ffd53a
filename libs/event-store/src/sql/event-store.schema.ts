import { SqlDatabase } from './sql-database';

/** The channel every committed append is announced on (payload empty): LISTEN to it to follow the log. */
export const EVENTS_NOTIFY_CHANNEL = 'es_events_appended';

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
  // Wakes followers of the log on other connections (LISTEN EVENTS_NOTIFY_CHANNEL). PostgreSQL delivers a
  // NOTIFY only when its transaction commits and folds repeats within one transaction, so a listener hears
  // of committed appends only, once per transaction, whoever wrote them (any instance, any tool).
  `CREATE OR REPLACE FUNCTION es_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM pg_notify('${EVENTS_NOTIFY_CHANNEL}', '');
     RETURN NULL;
   END $$`,
  // Created only when missing: CREATE OR REPLACE TRIGGER would lock es_events against writers on every start.
  `DO $$ BEGIN
     IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'es_events_notify' AND tgrelid = 'es_events'::regclass) THEN
       CREATE TRIGGER es_events_notify AFTER INSERT ON es_events FOR EACH STATEMENT EXECUTE FUNCTION es_events_notify();
     END IF;
   END $$`,
];

/** Arbitrary constant shared by every process that migrates this schema. */
const MIGRATION_LOCK = 4_812_301;

export const migrateEventStore = (db: SqlDatabase): Promise<void> =>
  db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    for (const statement of STATEMENTS) await tx.query(statement);
  });
