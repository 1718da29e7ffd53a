import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { lockDataDir } from './data-dir-lock';
import { SqlDatabase, SqlExecutor } from './sql-database';

/**
 * Embedded PostgreSQL (WASM) persisted in a data directory, or in memory when `dataDir` is undefined.
 * PGlite runs one query at a time on one connection, so its transactions are naturally serialised.
 */
export class PgliteDatabase implements SqlDatabase {
  readonly kind = 'pglite' as const;
  readonly concurrentTransactions = false;

  private constructor(
    private readonly db: PGlite,
    private readonly unlock: () => void = () => undefined,
  ) {}

  /** Opens (creating) the data directory, which this process then holds exclusively until `close()`. */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    if (!dataDir) return new PgliteDatabase(await PGlite.create({}));
    mkdirSync(dataDir, { recursive: true });
    const unlock = lockDataDir(dataDir);
    try {
      return new PgliteDatabase(await PGlite.create({ dataDir }), unlock);
    } catch (error) {
      unlock();
      throw error;
    }
  }

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<{ rows: R[] }> {
    try {
      const result = await this.db.query<R>(sql, params as unknown[]);
      return { rows: result.rows };
    } catch (error) {
      throw withoutValues(error);
    }
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      work({
        query: async <R>(sql: string, params: readonly unknown[] = []) => {
          try {
            return { rows: (await tx.query<R>(sql, params as unknown[])).rows };
          } catch (error) {
            throw withoutValues(error);
          }
        },
      }),
    );
  }

  async close(): Promise<void> {
    try {
      if (!this.db.closed) await this.db.close();
    } finally {
      this.unlock();
    }
  }
}

/** Properties PGlite and PostgreSQL put on an error that hold values rather than names. */
const VALUE_PROPERTIES = ['params', 'queryOptions', 'detail', 'where', 'internalQuery', 'query'];
/**
 * A quoted value in a PostgreSQL message: after a colon (`invalid input syntax for type integer: "…"`) or
 * after `value` (`value "…" is out of range`), up to the line's last quote, as PostgreSQL does not escape the
 * quotes inside (a JSON value has many). Quoted identifiers (`constraint "es_events_pkey"`) stay, as callers
 * read the constraint from the message (sql-database.ts).
 */
const QUOTED_VALUE = /(:\s*|\bvalue\s+)".*"/g;

/**
 * PGlite attaches the statement and its parameters to the error it throws (`query`, `params`), and
 * PostgreSQL quotes row values in `detail`, `where` and some messages: whoever logs the error would log the
 * caller's payload, restricted fields included. The error keeps its class, SQLSTATE `code` and schema names
 * (what callers and operators need); the value-bearing properties become non-enumerable, out of every
 * serializer and `console` output but still there in a debugger, and quoted values leave the message.
 */
export const withoutValues = (error: unknown): unknown => {
  if (typeof error !== 'object' || error === null) return error;
  for (const key of VALUE_PROPERTIES) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (descriptor?.enumerable) Object.defineProperty(error, key, { ...descriptor, enumerable: false });
  }
  if (error instanceof Error) {
    const message = error.message.replace(QUOTED_VALUE, '$1"…"');
    if (message !== error.message) {
      const original = error.message;
      error.message = message;
      if (typeof error.stack === 'string') error.stack = error.stack.split(original).join(message);
    }
  }
  return error;
};
