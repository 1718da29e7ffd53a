import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { SqlDatabase, SqlExecutor } from './sql-database';

/**
 * Embedded PostgreSQL (WASM) persisted in a data directory, or in memory when `dataDir` is undefined.
 * PGlite runs one query at a time on one connection, so its transactions are naturally serialised.
 */
export class PgliteDatabase implements SqlDatabase {
  readonly kind = 'pglite' as const;
  readonly concurrentTransactions = false;

  private constructor(private readonly db: PGlite) {}

  static async open(dataDir?: string): Promise<PgliteDatabase> {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const db = await PGlite.create(dataDir ? { dataDir } : {});
    return new PgliteDatabase(db);
  }

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<{ rows: R[] }> {
    const result = await this.db.query<R>(sql, params as unknown[]);
    return { rows: result.rows };
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      work({
        query: async <R>(sql: string, params: readonly unknown[] = []) => ({
          rows: (await tx.query<R>(sql, params as unknown[])).rows,
        }),
      }),
    );
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
