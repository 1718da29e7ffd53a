import { PgliteDatabase } from './sql/pglite-database';
import { isConnectionError, PostgresDatabase } from './sql/postgres-database';
import { SqlDatabase } from './sql/sql-database';
import { SqlEventStore } from './sql/sql-event-store';
import { StoreHandle } from './store-handle';
import { countedEvents, EventCountProjection } from './kurrentdb/event-count.projection';
import type { KurrentDbEventStore as KurrentStore } from './kurrentdb/kurrentdb-event-store';

export type SqlStoreConfig =
  { readonly kind: 'pglite'; readonly dataDir?: string } | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number };

/**
 * KurrentDB holds the log; read models (projections, their checkpoints, the readiness table, the event count)
 * live in `readModels`, a PostgreSQL or PGlite database of their own.
 */
export interface KurrentDbStoreConfig {
  readonly kind: 'kurrentdb';
  /** Connection string, e.g. `kurrentdb://127.0.0.1:2113?tls=false`. */
  readonly url: string;
  readonly readModels: SqlStoreConfig;
}

export type StoreConfig = SqlStoreConfig | KurrentDbStoreConfig;

export interface OpenOptions {
  /** How long to keep trying to reach PostgreSQL at start-up (a server still starting, a network blip). */
  readonly connectTimeoutMs?: number;
  /** Told before each wait, so the operator sees why start-up is slow. */
  readonly onRetry?: (attempt: number, delayMs: number, error: Error) => void;
  /** Told when an idle pooled connection is lost (the pool reconnects); default: a line on stderr. */
  readonly onConnectionLost?: (error: Error) => void;
}

/** The URL without its password, for messages. */
export const describePostgres = (url: string): string => {
  try {
    const u = new URL(url);
    u.password = '';
    return `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
};

/**
 * Opens the configured adapter, migrating its schema. PostgreSQL is retried with exponential backoff while
 * it is unreachable (up to `connectTimeoutMs`); any other failure (no such database, bad password) stops at
 * once. Either way the error names the server, without its password.
 */
export const openEventStore = async (config: StoreConfig, options: OpenOptions = {}): Promise<StoreHandle> => {
  if (config.kind !== 'kurrentdb') return sqlStoreHandle(await openSqlStore(config, options));
  const readModels = await openSqlDatabase(config.readModels, options, async (db) => {
    await db.query('SELECT 1');
    return db;
  });
  // Loaded only when chosen: the client brings a native bridge that the SQL engines do not need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, not an import
  const { KurrentDbEventStore } = require('./kurrentdb/kurrentdb-event-store') as { KurrentDbEventStore: typeof KurrentStore };
  const store = KurrentDbEventStore.connect(config.url);
  try {
    // Fails fast, naming the server, when it is not there (the client itself connects lazily).
    await store.headPosition();
  } catch (error) {
    await store.close().catch(() => undefined);
    await readModels.close();
    throw new Error(`KurrentDB at ${describeKurrentDb(config.url)}: ${(error as Error).message}`);
  }
  return {
    engine: 'kurrentdb',
    store,
    readModels,
    stats: countedEvents(readModels),
    engineProjections: [new EventCountProjection()],
    close: async () => {
      await store.close();
      await readModels.close();
    },
  };
};

/** The connection string without credentials, for messages. */
export const describeKurrentDb = (url: string): string => url.replace(/\/\/[^@/]*@/, '//');

/** The handle of a SQL store: read models live in the store's own database and read the log inside their transaction. */
export const sqlStoreHandle = ({ store, db }: { store: SqlEventStore; db: SqlDatabase }): StoreHandle => ({
  engine: db.kind,
  store,
  readModels: db,
  stats: store,
  logReader: store,
  close: () => store.close(),
});

const openSqlStore = (config: SqlStoreConfig, options: OpenOptions): Promise<{ store: SqlEventStore; db: SqlDatabase }> =>
  openSqlDatabase(config, options, async (db) => ({ store: await SqlEventStore.create(db), db }));

/** Opens the database and runs `use` on it (migrations); PostgreSQL is retried while unreachable. */
const openSqlDatabase = async <T>(config: SqlStoreConfig, options: OpenOptions, use: (db: SqlDatabase) => Promise<T>): Promise<T> => {
  if (config.kind === 'pglite') return use(await PgliteDatabase.open(config.dataDir));
  const deadline = Date.now() + (options.connectTimeoutMs ?? 30_000);
  const where = describePostgres(config.url);
  for (let attempt = 1, delay = 250; ; attempt++, delay = Math.min(delay * 2, 5_000)) {
    const db = PostgresDatabase.open(config.url, { max: config.poolSize ?? 10 }, options.onConnectionLost);
    try {
      return await use(db);
    } catch (error) {
      await db.close().catch(() => undefined);
      const reason = (error as Error).message;
      if (!isConnectionError(error) || Date.now() + delay > deadline) throw new Error(`PostgreSQL at ${where}: ${reason}`);
      options.onRetry?.(attempt, delay, new Error(`PostgreSQL at ${where} is not reachable (${reason})`));
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
};
