import { Pool, PoolConfig } from 'pg';
import { SqlDatabase, SqlExecutor } from './sql-database';

/** A PostgreSQL server through a node-postgres pool. */
export class PostgresDatabase implements SqlDatabase {
  readonly kind = 'postgres' as const;
  readonly concurrentTransactions = true;

  constructor(private readonly pool: Pool) {}

  static open(connectionString: string, options: Omit<PoolConfig, 'connectionString'> = {}): PostgresDatabase {
    return new PostgresDatabase(new Pool({ connectionString, max: 10, ...options }));
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
    await this.pool.end();
  }
}
