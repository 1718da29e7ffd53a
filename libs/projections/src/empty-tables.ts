import { SqlExecutor } from '@registry/event-store';

/** How long a reset waits for its tables before it deletes their rows instead (ms). */
export const TRUNCATE_LOCK_TIMEOUT_MS = 500;

/** Names a plain identifier may have here (the tables are the read models' own constants, never input). */
const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Empties a read model's tables ahead of a rebuild, inside the reset's transaction.
 *
 * TRUNCATE, when it gets the tables at once: the rebuild then writes into new, empty files, with no dead rows to step
 * over and no dead index entries to split pages around (a DELETE of a large table leaves both until a vacuum, and the
 * rebuild's inserts pay for them). TRUNCATE needs the tables' exclusive lock, and a lock request waits behind any read
 * still running on them, with every later read queued behind it; so it waits at most `lockTimeoutMs` (a savepoint
 * takes back the failed attempt) and the rows are deleted instead, which blocks no reader.
 *
 * Readers never see the difference: both are undone with the transaction, and both commit an empty table. (A
 * REPEATABLE READ transaction that began before the reset and had not read the table yet would see it empty, as
 * TRUNCATE is not MVCC-safe; no read of a read model here runs at that level.)
 */
export const emptyTables = async (tx: SqlExecutor, tables: readonly string[], lockTimeoutMs = TRUNCATE_LOCK_TIMEOUT_MS): Promise<'truncated' | 'deleted'> => {
  for (const table of tables) if (!TABLE_NAME.test(table)) throw new Error(`Not a table name: ${table}`);
  if (!Number.isInteger(lockTimeoutMs) || lockTimeoutMs < 1) throw new Error(`lockTimeoutMs must be a positive integer, not ${lockTimeoutMs}`);
  await tx.query('SAVEPOINT empty_tables');
  try {
    await tx.query(`SET LOCAL lock_timeout = ${lockTimeoutMs}`);
    await tx.query(`TRUNCATE ${tables.join(', ')}`);
    await tx.query('RELEASE SAVEPOINT empty_tables');
    await tx.query('SET LOCAL lock_timeout TO DEFAULT');
    return 'truncated';
  } catch (error) {
    // 55P03 lock_not_available: a reader holds a table. Anything else is a real failure.
    if ((error as { code?: string })?.code !== '55P03') throw error;
    await tx.query('ROLLBACK TO SAVEPOINT empty_tables');
    await tx.query('RELEASE SAVEPOINT empty_tables');
    for (const table of tables) await tx.query(`DELETE FROM ${table}`);
    return 'deleted';
  }
};
