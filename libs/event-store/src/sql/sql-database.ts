/**
 * The little a SQL event store needs from a database: parameterised queries and transactions.
 * PGlite and node-postgres both speak PostgreSQL's dialect, so one SQL implementation serves both.
 */
export interface SqlExecutor {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
}

export interface SqlDatabase extends SqlExecutor {
  /** Which engine this is, for logs and benchmark tables. */
  readonly kind: 'pglite' | 'postgres';
  /** False for PGlite: one connection, so transactions run one after another. */
  readonly concurrentTransactions: boolean;
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL's SQLSTATE for a unique violation, with the constraint it names. */
export const uniqueViolationOf = (error: unknown): string | undefined => {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e?.code !== '23505') return undefined;
  if (e.constraint) return e.constraint;
  // PGlite reports the constraint only in the message on some versions.
  const m = /constraint "([^"]+)"/.exec(e.message ?? '');
  return m?.[1] ?? '';
};
