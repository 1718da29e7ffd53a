import { BareEvent, EventStore, LogPage, ReadPageOptions, RecordedEvent } from './event-store.port';
import { SqlDatabase, SqlExecutor } from './sql/sql-database';

/** Which engine holds the log. */
export type StoreEngine = 'pglite' | 'postgres' | 'kurrentdb';

/** DI token for {@link EventLogStats}. */
export const EVENT_LOG_STATS = Symbol('EVENT_LOG_STATS');

/** What an operator asks of the log as a whole, answered by the engine without scanning it. */
export interface EventLogStats {
  readonly engine: StoreEngine;
  /** Events stored now (a maintained counter, not a count over the log). */
  eventCount(): Promise<number>;
}

/**
 * An engine whose log lives in the read-model database can hand out the log inside a read-model transaction:
 * a projection then reads, applies and moves its checkpoint in one transaction. Engines without it (KurrentDB)
 * are read through `EventStore.readAll`, and the checkpoint still commits with the rows it produced.
 */
export interface TransactionalLogReader {
  /** Whole events unless `options.bare` (then `BareEvent`s: the caller knows which it asked for). */
  readPageWithin(tx: SqlExecutor, options: ReadPageOptions): Promise<LogPage<BareEvent>>;
}

/**
 * What opening a store gives the app: the port, the database read models live in, and the log's statistics.
 * Each is injected on its own (EVENT_STORE, READ_DB, EVENT_LOG_STATS); nothing reaches through the store for
 * another. For the SQL engines `readModels` is the store's own database (so a projection's checkpoint commits
 * with its rows and its read of the log); for KurrentDB it is a separate PostgreSQL or PGlite database.
 */
export interface StoreHandle {
  readonly engine: StoreEngine;
  readonly store: EventStore;
  readonly readModels: SqlDatabase;
  readonly stats: EventLogStats;
  /** Present only when the log can be read inside a `readModels` transaction. */
  readonly logReader?: TransactionalLogReader;
  /** Read models the engine itself needs (KurrentDB: the event count); the app runs them with its own. */
  readonly engineProjections?: readonly EngineProjection[];
  /** Closes the store and the read-model database. */
  close(): Promise<void>;
}

/** A read model the engine contributes; the same shape as `@registry/projections`' Projection. */
export interface EngineProjection {
  readonly name: string;
  readonly version: number;
  readonly eventTypes?: readonly string[];
  setup(db: SqlExecutor): Promise<void>;
  reset(tx: SqlExecutor): Promise<void>;
  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void>;
  applyBatch?(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void>;
}
