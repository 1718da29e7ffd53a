import { SqlDatabase } from './sql-database';

/** The channel every committed append is announced on (payload empty): LISTEN to it to follow the log. */
export const EVENTS_NOTIFY_CHANNEL = 'es_events_appended';

/** Rows the event counter is spread over (see es_event_count). */
const COUNT_SLOTS = 16;

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
  // How many events are stored, kept by a statement trigger in the transaction of every insert, delete and
  // truncate of es_events, so `status` reads a few rows instead of counting the log. Spread over slots picked
  // by transaction id: concurrent appenders rarely meet on one row, and one transaction only ever holds one.
  `CREATE TABLE IF NOT EXISTS es_event_count (
     slot   integer PRIMARY KEY,
     events bigint  NOT NULL
   )`,
  `CREATE OR REPLACE FUNCTION es_events_count() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP = 'TRUNCATE' THEN
       UPDATE es_event_count SET events = 0;
     ELSIF TG_OP = 'INSERT' THEN
       UPDATE es_event_count SET events = events + (SELECT count(*) FROM counted_rows)
       WHERE slot = (pg_current_xact_id()::text::bigint % ${COUNT_SLOTS})::int;
     ELSE
       UPDATE es_event_count SET events = events - (SELECT count(*) FROM counted_rows)
       WHERE slot = (pg_current_xact_id()::text::bigint % ${COUNT_SLOTS})::int;
     END IF;
     RETURN NULL;
   END $$`,
  // Installed once: an existing database is counted here, once, with es_events locked against writers
  // until this migration commits, so the count and the trigger start from the same state.
  `DO $$ BEGIN
     IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'es_events_count_insert' AND tgrelid = 'es_events'::regclass) THEN
       LOCK TABLE es_events IN SHARE ROW EXCLUSIVE MODE;
       DELETE FROM es_event_count;
       INSERT INTO es_event_count (slot, events) SELECT s, 0 FROM generate_series(0, ${COUNT_SLOTS - 1}) s;
       UPDATE es_event_count SET events = (SELECT count(*) FROM es_events) WHERE slot = 0;
       CREATE TRIGGER es_events_count_insert AFTER INSERT ON es_events REFERENCING NEW TABLE AS counted_rows
         FOR EACH STATEMENT EXECUTE FUNCTION es_events_count();
       CREATE TRIGGER es_events_count_delete AFTER DELETE ON es_events REFERENCING OLD TABLE AS counted_rows
         FOR EACH STATEMENT EXECUTE FUNCTION es_events_count();
       CREATE TRIGGER es_events_count_truncate AFTER TRUNCATE ON es_events
         FOR EACH STATEMENT EXECUTE FUNCTION es_events_count();
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
