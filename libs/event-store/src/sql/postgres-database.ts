import { Pool, PoolConfig } from 'pg';
import { SqlDatabase, SqlExecutor } from './sql-database';

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

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<{ rows: R[] }> {
    const result = await this.pool.query(sql, params as unknown[]);
    return { rows: result.rows as R[] };
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
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
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.pool.end();
    await Promise.all([...this.ending]);
  }
}
