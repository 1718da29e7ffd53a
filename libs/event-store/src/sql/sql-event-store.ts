import { createHash, randomUUID } from 'node:crypto';
import { EventMetadata, RegistryError } from '@registry/kernel';
import {
  AppendOptions,
  AppendResult,
  BareEvent,
  EventStore,
  LogPage,
  NewEvent,
  ReadAllOptions,
  ReadPageOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamSlice,
} from '../event-store.port';
import { eventIdReused, idempotencyKeyReused, staleDecisionTime, wrongExpectedVersion } from '../event-store.errors';
import { LOG_START, LogPosition } from '../log-position';
import { EventLogStats, TransactionalLogReader } from '../store-handle';
import { migrateEventStore } from './event-store.schema';
import { SqlDatabase, SqlExecutor, uniqueViolationOf } from './sql-database';

/** Numbers come back as text (exact for bigint/xid8) under aliases that cannot shadow real columns in ORDER BY. */
interface EventRow {
  position_text: string;
  txid_text: string;
  stream_id: string;
  version_text: string;
  event_id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  schema_version: number;
  recorded_at: Date | string;
}

/** The columns of `EventRow` (`bare`: without metadata and recorded_at), of the table named `from` (unqualified by default). */
const EVENT_COLUMNS_OF = (from = '', bare = false) =>
  [
    'global_position::text AS position_text',
    'transaction_id::text AS txid_text',
    'stream_id',
    'stream_version::text AS version_text',
    'event_id::text AS event_id',
  ]
    .concat(['type', 'data', 'schema_version'], bare ? [] : ['metadata', 'recorded_at'])
    .map((column) => (from ? `${from}.${column}` : column))
    .join(', ');
const EVENT_COLUMNS = EVENT_COLUMNS_OF();

const toBare = (row: Omit<EventRow, 'metadata' | 'recorded_at'>): BareEvent => ({
  eventId: row.event_id,
  streamId: row.stream_id,
  streamVersion: Number(row.version_text),
  position: { transactionId: BigInt(row.txid_text), globalPosition: BigInt(row.position_text) },
  type: row.type,
  data: row.data,
  schemaVersion: row.schema_version,
});

/**
 * Written out, not `{ ...toBare(row), metadata, recordedAt }`: with the spread, a certifications rebuild of 377k events
 * took 8.8 and 10.1 s instead of 7.4 and 7.8 s (alternating, 26 Nov); every consumer of the log reads these objects.
 */
const toRecorded = (row: EventRow): RecordedEvent => ({
  eventId: row.event_id,
  streamId: row.stream_id,
  streamVersion: Number(row.version_text),
  position: { transactionId: BigInt(row.txid_text), globalPosition: BigInt(row.position_text) },
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  schemaVersion: row.schema_version,
  recordedAt: row.recorded_at instanceof Date ? row.recorded_at : new Date(row.recorded_at),
});

/** Fingerprint of what an append asks for, so a reused idempotency key with other content is caught. */
export const fingerprintOf = (streamId: string, events: readonly NewEvent[]): string =>
  createHash('sha256')
    .update(JSON.stringify([streamId, events.map((e) => [e.type, e.data, e.schemaVersion ?? 1])]))
    .digest('hex');

/** The conditions that constrain an append: other streams only (the appended stream has its own expectation). */
const conditionsOf = (streamId: string, options: AppendOptions) => (options.conditions ?? []).filter((c) => c.streamId !== streamId);

/** Deadlocks and serialisation failures mean another writer got there first: the same answer as a moved version. */
const isWriteRace = (error: unknown) => ['40P01', '40001'].includes((error as { code?: string })?.code ?? '');

const isWrongExpectedVersion = (error: unknown) => error instanceof RegistryError && error.code === 'EVENT_STORE.WRONG_EXPECTED_VERSION';

/** Thrown inside the transaction to leave it without writing, carrying what to answer instead. */
class AlreadyAppended extends Error {
  constructor(readonly key: string) {
    super(`already appended under idempotency key ${key}`);
  }
}

/**
 * One SQL implementation of the event-store port, shared by the PGlite and PostgreSQL adapters.
 *
 * Per append, one transaction: claim the idempotency key (if any), move the stream's version row from the
 * expected version to the new one (the optimistic-concurrency check; it locks only that stream's row, so
 * writers to different streams never wait for each other), insert the events in one statement.
 */
export class SqlEventStore implements EventStore, EventLogStats, TransactionalLogReader {
  private readonly listeners = new Set<(position: LogPosition) => void>();

  /** Private: callers go through the port; read models get their database from the store handle, not from here. */
  private constructor(private readonly db: SqlDatabase) {}

  get engine(): SqlDatabase['kind'] {
    return this.db.kind;
  }

  static async create(db: SqlDatabase): Promise<SqlEventStore> {
    await migrateEventStore(db);
    return new SqlEventStore(db);
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const result = await this.append(streamId, events, options);
    if (!result.deduplicated) this.notify(result.position);
    return result;
  }

  /**
   * Appends inside a transaction the caller controls (used by the contract suite to hold a writer open
   * and prove the gap guarantee). Listeners are not notified: the caller has not committed yet.
   */
  appendWithin(tx: SqlExecutor, streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.appendInTransaction(tx, streamId, events, options, options.fingerprint ?? fingerprintOf(streamId, events));
  }

  private async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    const fingerprint = options.fingerprint ?? fingerprintOf(streamId, events);
    try {
      // Without an idempotency key or conditions the append is a single statement, atomic by itself: one
      // round trip. Conditions need the transaction so that a refused append leaves no condition row touched.
      return options.metadata.idempotencyKey || conditionsOf(streamId, options).length
        ? await this.db.transaction((tx) => this.appendInTransaction(tx, streamId, events, options, fingerprint))
        : await this.insertEvents(this.db, streamId, events, options);
    } catch (error) {
      if (error instanceof AlreadyAppended) return this.previousAppend(error.key, fingerprint);
      if (isWriteRace(error)) throw wrongExpectedVersion(streamId, options.expectedVersion, -1);
      if (uniqueViolationOf(error) === 'es_events_event_id_key') return this.sameEventsAlreadyStored(streamId, events);
      // A replayed batch with caller-chosen event ids usually trips the version check first.
      if (isWrongExpectedVersion(error) && events.every((e) => e.eventId)) {
        const replay = await this.sameEventsAlreadyStored(streamId, events).catch(() => undefined);
        if (replay) return replay;
      }
      throw error;
    }
  }

  private async appendInTransaction(
    tx: SqlExecutor,
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
    fingerprint: string,
  ): Promise<AppendResult> {
    const key = options.metadata.idempotencyKey;
    if (key) {
      // Waits for a concurrent holder of the same key to finish, then sees its row.
      const claimed = await tx.query(
        `INSERT INTO es_idempotency (idempotency_key, request_fingerprint, stream_id) VALUES ($1, $2, $3)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING 1`,
        [key, fingerprint, streamId],
      );
      if (claimed.rows.length === 0) throw new AlreadyAppended(key);
    }
    const result = await this.insertEvents(tx, streamId, events, options);
    if (key) {
      await tx.query(`UPDATE es_idempotency SET first_global_position = $2, last_global_position = $3 WHERE idempotency_key = $1`, [
        key,
        result.events[0].position.globalPosition.toString(),
        result.position.globalPosition.toString(),
      ]);
    }
    return result;
  }

  /**
   * The optimistic-concurrency check and the insert in one statement: the CTE moves the stream's version
   * row from the expected version (locking only that stream's row, so writers to other streams never
   * wait), and the events are inserted only if it moved. No row back means the expectation was stale.
   *
   * With conditions, a second CTE moves nothing but locks each condition stream's row at the version the
   * decision read (an UPDATE waits for a concurrent writer of that row and re-checks the version it
   * committed), and the events go in only if every one held. With a decision time, every row touched also
   * checks and records the latest decision time (`decided_at`).
   */
  private async insertEvents(db: SqlExecutor, streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const expected = options.expectedVersion;
    const conditions = conditionsOf(streamId, options);
    const held = conditions.filter((c) => c.expectedVersion > 0);
    const absent = conditions.filter((c) => c.expectedVersion === 0).map((c) => c.streamId);
    const payload = events.map((e) => ({
      eventId: e.eventId ?? randomUUID(),
      type: e.type,
      data: e.data ?? {},
      schemaVersion: e.schemaVersion ?? 1,
    }));
    const params: unknown[] = [streamId, JSON.stringify(options.metadata), JSON.stringify(payload), events.length, options.decisionTime ?? null];
    const param = (value: unknown) => `$${params.push(value)}`;
    // $5 is the decision time (or null): a row may take it only if it carries no later decision.
    const timeFits = (row: string) => `($5::timestamptz IS NULL OR ${row}.decided_at IS NULL OR ${row}.decided_at <= $5::timestamptz)`;
    const laterOf = (row: string) => `greatest(${row}.decided_at, $5::timestamptz)`;
    const gates: string[] = [];
    let holdConditions = '';
    if (held.length) {
      holdConditions = `held AS (
          UPDATE es_streams c SET decided_at = ${laterOf('c')}
          FROM jsonb_to_recordset(${param(JSON.stringify(held.map((h) => ({ stream_id: h.streamId, version: h.expectedVersion }))))}::jsonb)
            AS w(stream_id text, version bigint)
          WHERE c.stream_id = w.stream_id AND c.version = w.version AND ${timeFits('c')}
          RETURNING c.stream_id),`;
      gates.push(`(SELECT count(*) FROM held) = ${held.length}`);
    }
    if (absent.length) gates.push(`NOT EXISTS (SELECT 1 FROM es_streams a WHERE a.stream_id = ANY(${param(absent)}::text[]))`);
    const gate = gates.length ? gates.join(' AND ') : 'true';
    const moveVersion =
      expected === 'any'
        ? `INSERT INTO es_streams AS s (stream_id, version, decided_at) SELECT $1, $4, $5::timestamptz WHERE ${gate}
           ON CONFLICT (stream_id) DO UPDATE SET version = s.version + EXCLUDED.version, decided_at = ${laterOf('s')}
           WHERE ${timeFits('s')} RETURNING version`
        : expected === 0
          ? `INSERT INTO es_streams (stream_id, version, decided_at) SELECT $1, $4, $5::timestamptz WHERE ${gate}
             ON CONFLICT (stream_id) DO NOTHING RETURNING version`
          : `UPDATE es_streams s SET version = s.version + $4, decided_at = ${laterOf('s')}
             WHERE s.stream_id = $1 AND s.version = ${param(expected)} AND ${timeFits('s')} AND ${gate} RETURNING version`;
    const inserted = await db.query<EventRow>(
      `WITH ${holdConditions} moved AS (${moveVersion})
       INSERT INTO es_events (stream_id, stream_version, event_id, type, data, metadata, schema_version)
       SELECT $1, moved.version - $4::bigint + e.ord, (e.value->>'eventId')::uuid, e.value->>'type', e.value->'data',
              $2::jsonb, (e.value->>'schemaVersion')::int
       FROM moved, jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(value, ord)
       ORDER BY e.ord
       RETURNING ${EVENT_COLUMNS}`,
      params,
    );
    if (inserted.rows.length === 0) throw await this.whyNotAppended(db, streamId, options);
    const recorded = inserted.rows.map(toRecorded).sort((a, b) => a.streamVersion - b.streamVersion);
    const last = recorded[recorded.length - 1];
    return { streamId, streamVersion: last.streamVersion, position: last.position, events: recorded, deduplicated: false };
  }

  /** Names the stream whose version (or later decision) stopped an append. */
  private async whyNotAppended(db: SqlExecutor, streamId: string, options: AppendOptions): Promise<RegistryError> {
    const checks = [{ streamId, expectedVersion: options.expectedVersion }, ...conditionsOf(streamId, options)];
    const { rows } = await db.query<{ stream_id: string; version: string; decided_at: Date | string | null }>(
      `SELECT stream_id, version::text AS version, decided_at FROM es_streams WHERE stream_id = ANY($1::text[])`,
      [checks.map((c) => c.streamId)],
    );
    const found = new Map(rows.map((r) => [r.stream_id, r]));
    for (const check of checks) {
      const actual = Number(found.get(check.streamId)?.version ?? 0);
      if (check.expectedVersion !== 'any' && actual !== check.expectedVersion) return wrongExpectedVersion(check.streamId, check.expectedVersion, actual);
    }
    const time = options.decisionTime;
    if (time)
      for (const check of checks) {
        const decided = found.get(check.streamId)?.decided_at;
        const latest = decided ? new Date(decided) : undefined;
        if (latest && latest.getTime() > Date.parse(time)) return staleDecisionTime(check.streamId, time, latest.toISOString());
      }
    // Whatever stopped it has moved on since (a concurrent writer committed in between): the caller retries.
    const actual = Number(found.get(streamId)?.version ?? 0);
    return wrongExpectedVersion(streamId, options.expectedVersion, actual);
  }

  private async previousAppend(key: string, fingerprint: string): Promise<AppendResult> {
    const previous = await this.findIdempotentAppend(key);
    if (!previous || previous.fingerprint !== fingerprint) throw idempotencyKeyReused(key);
    return previous.result;
  }

  async findIdempotentAppend(key: string): Promise<{ fingerprint: string; result: AppendResult } | undefined> {
    const { rows } = await this.db.query<{ request_fingerprint: string; stream_id: string; first: string; last: string }>(
      `SELECT request_fingerprint, stream_id, first_global_position::text AS first, last_global_position::text AS last
       FROM es_idempotency WHERE idempotency_key = $1`,
      [key],
    );
    const previous = rows[0];
    if (!previous?.first) return undefined;
    const events = (
      await this.db.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM es_events
         WHERE stream_id = $1 AND global_position BETWEEN $2::bigint AND $3::bigint ORDER BY stream_version`,
        [previous.stream_id, previous.first, previous.last],
      )
    ).rows.map(toRecorded);
    return { fingerprint: previous.request_fingerprint, result: this.deduplicated(previous.stream_id, events) };
  }

  /** Every event id of the batch is stored already: the same batch, on the same stream, is a replay. */
  private async sameEventsAlreadyStored(streamId: string, events: readonly NewEvent[]): Promise<AppendResult> {
    const ids = events.map((e) => e.eventId).filter((id): id is string => !!id);
    const stored = (
      await this.db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM es_events WHERE event_id = ANY($1::uuid[]) ORDER BY stream_version`, [ids])
    ).rows.map(toRecorded);
    const byId = new Map(stored.map((e) => [e.eventId, e]));
    for (const e of events) {
      const match = e.eventId ? byId.get(e.eventId) : undefined;
      if (!match || match.streamId !== streamId || match.type !== e.type || JSON.stringify(match.data) !== JSON.stringify(e.data ?? {}))
        throw eventIdReused(e.eventId ?? stored[0]?.eventId ?? 'unknown');
    }
    return this.deduplicated(streamId, stored);
  }

  private deduplicated(streamId: string, events: RecordedEvent[]): AppendResult {
    const last = events[events.length - 1];
    return { streamId, streamVersion: last.streamVersion, position: last.position, events, deduplicated: true };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StreamSlice> {
    const known = options.knownAt;
    const { rows } = known
      ? await this.db.query<EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM es_events
           WHERE stream_id = $1 AND (transaction_id, global_position) <= ($2::text::xid8, $3::bigint)
           ORDER BY stream_version`,
          [streamId, known.transactionId.toString(), known.globalPosition.toString()],
        )
      : await this.db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM es_events WHERE stream_id = $1 ORDER BY stream_version`, [streamId]);
    const events = rows.map(toRecorded);
    return { version: events.length ? events[events.length - 1].streamVersion : 0, events };
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.readPageWithin(this.db, { after, limit })).events;
  }

  readPage(options: ReadPageOptions & { readonly bare?: false }): Promise<LogPage>;
  readPage(options: ReadPageOptions): Promise<LogPage<BareEvent>>;
  readPage(options: ReadPageOptions): Promise<LogPage<BareEvent>> {
    return this.readPageWithin(this.db, options);
  }

  /** The global log read inside the caller's transaction (projections read and apply in one). */
  readPageWithin(db: SqlExecutor, options: ReadPageOptions & { readonly bare?: false }): Promise<LogPage>;
  readPageWithin(db: SqlExecutor, options: ReadPageOptions): Promise<LogPage<BareEvent>>;
  async readPageWithin(db: SqlExecutor, options: ReadPageOptions): Promise<LogPage<BareEvent>> {
    const { after, limit, types, bare = false } = options;
    const convert: (row: EventRow) => BareEvent = bare ? toBare : toRecorded;
    if (types === undefined) {
      // Only transactions below the oldest one still running are final: anything later may still be joined
      // by an earlier-numbered commit, so it is not handed out yet.
      const { rows } = await db.query<EventRow>(
        `SELECT ${EVENT_COLUMNS_OF('', bare)} FROM es_events
         WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
           AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY transaction_id, global_position
         LIMIT $3`,
        [after.transactionId.toString(), after.globalPosition.toString(), limit],
      );
      const events = rows.map(convert);
      return { events, through: events.length ? events[events.length - 1].position : after, scanned: events.length };
    }
    // One statement, so one snapshot: the page's positions under the horizon (the log-order index and each row's type),
    // the full rows of the wanted types only, and one more row for where the page ended (its position and how many
    // events it passed over), marked by `scanned`. The other rows are passed over on the server and never sent.
    const { rows } = await db.query<EventRow & { scanned: string | null }>(
      `WITH page AS (
         SELECT transaction_id, global_position, type FROM es_events
         WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
           AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY transaction_id, global_position
         LIMIT $3
       ), edge AS (
         SELECT transaction_id, global_position, (SELECT count(*) FROM page) AS scanned FROM page
         ORDER BY transaction_id DESC, global_position DESC LIMIT 1
       )
       SELECT * FROM (
         SELECT ${EVENT_COLUMNS_OF('e', bare)}, NULL::text AS scanned
         FROM page JOIN es_events e ON e.global_position = page.global_position
         WHERE page.type = ANY($4::text[])
         UNION ALL
         SELECT global_position::text, transaction_id::text, ${'NULL, '.repeat(bare ? 6 : 8)}scanned::text FROM edge
       ) rows
       ORDER BY scanned NULLS FIRST, txid_text::xid8, position_text::bigint`,
      // A NUL cannot be in a stored type (nor in any PostgreSQL text): such a name matches nothing and is not sent.
      [after.transactionId.toString(), after.globalPosition.toString(), limit, types.filter((type) => !type.includes('\u0000'))],
    );
    const edge = rows.length ? rows[rows.length - 1] : undefined;
    if (!edge || edge.scanned === null) return { events: [], through: after, scanned: 0 };
    rows.pop();
    return {
      events: rows.map(convert),
      through: { transactionId: BigInt(edge.txid_text), globalPosition: BigInt(edge.position_text) },
      scanned: Number(edge.scanned),
    };
  }

  /**
   * Number of events stored, read from the counter the `es_events_count` trigger keeps in the same
   * transaction as every insert, delete and truncate of `es_events` (a few rows summed, not a scan).
   */
  async eventCount(): Promise<number> {
    const { rows } = await this.db.query<{ n: string | null }>('SELECT sum(events)::text AS n FROM es_event_count');
    return Number(rows[0]?.n ?? 0);
  }

  async headPosition(): Promise<LogPosition> {
    const { rows } = await this.db.query<{ txid_text: string; position_text: string }>(
      `SELECT transaction_id::text AS txid_text, global_position::text AS position_text FROM es_events
       WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    return rows.length ? { transactionId: BigInt(rows[0].txid_text), globalPosition: BigInt(rows[0].position_text) } : LOG_START;
  }

  onAppended(listener: (position: LogPosition) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(position: LogPosition): void {
    for (const listener of this.listeners) listener(position);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.db.close();
  }
}
