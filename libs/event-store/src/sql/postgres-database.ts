import { Pool, PoolClient, PoolConfig } from 'pg';
import { SqlDatabase, SqlExecutor } from './sql-database';

/** SQLSTATEs and socket errors that mean the connection, not the statement, failed. */
const CONNECTION_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

export const isConnectionError = (error: unknown): boolean => {
  const e = error as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.code && CONNECTION_CODES.has(e.code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|Client was closed/i.test(e.message ?? '');
};

/** A statement that only reads can be sent again after a lost connection without changing anything. */
const isReadOnly = (sql: string) => /^\s*SELECT\b/i.test(sql) && !/\bFOR\s+(UPDATE|SHARE|NO KEY UPDATE|KEY SHARE)\b/i.test(sql);

const READ_ATTEMPTS = 3;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Called when an idle pooled connection fails (server restart, admin termination); the pool drops it. */
export type IdleConnectionErrorHandler = (error: Error) => void;

const warnOnStderr: IdleConnectionErrorHandler = (error) =>
  process.stderr.write(`event store: idle PostgreSQL connection lost (${error.message}); the pool will reconnect\n`);

/** A PostgreSQL server through a node-postgres pool. */
export class PostgresDatabase implements SqlDatabase {
  readonly kind = 'postgres' as const;
  readonly concurrentTransactions = true;
  private closing = false;
  private readonly ending = new Set<Promise<void>>();

  constructor(
    private readonly pool: Pool,
    onIdleError: IdleConnectionErrorHandler = warnOnStderr,
  ) {
    // Without a listener, an idle connection killed by the server is an unhandled 'error' event, which ends
    // the process. The pool has already discarded the client; the next query opens a new one.
    pool.on('error', (error) => {
      if (!this.closing) onIdleError(error);
    });
    // pool.end() resolves once clients are *asked* to end; close() also waits until each one has.
    pool.on('connect', (client) => {
      const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
      this.ending.add(ended);
      void ended.then(() => this.ending.delete(ended));
    });
  }

  static open(connectionString: string, options: Omit<PoolConfig, 'connectionString'> = {}, onIdleError?: IdleConnectionErrorHandler): PostgresDatabase {
    return new PostgresDatabase(new Pool({ connectionString, max: 10, ...options }), onIdleError);
  }

  /**
   * One statement on a pooled connection. A read that loses its connection (server restart, admin
   * termination, failover) is sent again on a new one, a few times with a short pause: it changed nothing.
   * A write is not: whether it committed is unknown, so the caller decides (the command shell re-sends an
   * append with the same event ids, which the store recognises as a replay).
   */
  async query<R>(sql: string, params: readonly unknown[] = []): Promise<{ rows: R[] }> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.pool.query(sql, params as unknown[]);
        return { rows: result.rows as R[] };
      } catch (error) {
        if (this.closing || !isConnectionError(error) || !isReadOnly(sql) || attempt >= READ_ATTEMPTS) throw error;
        await pause(50 * attempt);
      }
    }
  }

  /**
   * A transaction on one checked-out connection. While checked out, the pool no longer listens for that
   * connection's errors: without our own listener, the server ending it between two statements is an
   * unhandled 'error' event, which ends the process. A connection that failed is destroyed, not returned.
   */
  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.checkout();
    let lost: Error | undefined;
    const onError = (error: Error) => {
      lost = error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work({
        query: async <R>(sql: string, params: readonly unknown[] = []) => ({
          rows: (await client.query(sql, params as unknown[])).rows as R[],
        }),
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (isConnectionError(error)) lost ??= error as Error;
      if (!lost) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', onError);
      client.release(lost);
    }
  }

  /** A connection from the pool; failing to get one sent nothing, so it is tried again a few times. */
  private async checkout(): Promise<PoolClient> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.pool.connect();
      } catch (error) {
        if (this.closing || !isConnectionError(error) || attempt >= READ_ATTEMPTS) throw error;
        await pause(50 * attempt);
      }
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.pool.end();
    await Promise.all([...this.ending]);
  }
}
