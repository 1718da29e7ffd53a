import { PgliteDatabase } from './sql/pglite-database';
import { isConnectionError, PostgresDatabase } from './sql/postgres-database';
import { SqlEventStore } from './sql/sql-event-store';

export type StoreConfig =
  | { readonly kind: 'pglite'; readonly dataDir?: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number };

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
export const openEventStore = async (config: StoreConfig, options: OpenOptions = {}): Promise<SqlEventStore> => {
  if (config.kind === 'pglite') return SqlEventStore.create(await PgliteDatabase.open(config.dataDir));
  const deadline = Date.now() + (options.connectTimeoutMs ?? 30_000);
  const where = describePostgres(config.url);
  for (let attempt = 1, delay = 250; ; attempt++, delay = Math.min(delay * 2, 5_000)) {
    const db = PostgresDatabase.open(config.url, { max: config.poolSize ?? 10 }, options.onConnectionLost);
    try {
      return await SqlEventStore.create(db);
    } catch (error) {
      await db.close().catch(() => undefined);
      const reason = (error as Error).message;
      if (!isConnectionError(error) || Date.now() + delay > deadline) throw new Error(`PostgreSQL at ${where}: ${reason}`);
      options.onRetry?.(attempt, delay, new Error(`PostgreSQL at ${where} is not reachable (${reason})`));
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
};
