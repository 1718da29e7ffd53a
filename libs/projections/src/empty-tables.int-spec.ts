import { Client } from 'pg';
import { openEventStore, StoreHandle } from '@registry/event-store';
import { createTestDatabase, TestDatabase } from '../../../test/support/postgres';
import { emptyTables } from './empty-tables';

const fill = async (handle: StoreHandle) => {
  await handle.readModels.query('CREATE TABLE t_one (id integer PRIMARY KEY, note text)');
  await handle.readModels.query('CREATE TABLE t_two (id integer PRIMARY KEY)');
  await handle.readModels.query("INSERT INTO t_one SELECT i, 'row ' || i FROM generate_series(1, 50) i");
  await handle.readModels.query('INSERT INTO t_two SELECT generate_series(1, 20)');
};
const counts = async (handle: StoreHandle) =>
  (await handle.readModels.query<{ one: number; two: number }>('SELECT (SELECT count(*)::int FROM t_one) AS one, (SELECT count(*)::int FROM t_two) AS two'))
    .rows[0];

describe('emptyTables (a read model reset)', () => {
  it('truncates on the embedded store, and a rolled-back reset leaves every row', async () => {
    const handle = await openEventStore({ kind: 'pglite' });
    try {
      await fill(handle);
      await expect(
        handle.readModels.transaction(async (tx) => {
          expect(await emptyTables(tx, ['t_one', 't_two'])).toBe('truncated');
          throw new Error('the batch after the reset failed');
        }),
      ).rejects.toThrow('failed');
      expect(await counts(handle)).toEqual({ one: 50, two: 20 });
      await handle.readModels.transaction((tx) => emptyTables(tx, ['t_one', 't_two']));
      expect(await counts(handle)).toEqual({ one: 0, two: 0 });
    } finally {
      await handle.close();
    }
  });

  it('refuses what is not a plain table name before running anything', async () => {
    const handle = await openEventStore({ kind: 'pglite' });
    try {
      await fill(handle);
      for (const name of ['t_one; DROP TABLE t_two', 't_one, t_two', '"t_one"', 'T_ONE', ''])
        await expect(handle.readModels.transaction((tx) => emptyTables(tx, [name]))).rejects.toThrow('Not a table name');
      await expect(handle.readModels.transaction((tx) => emptyTables(tx, ['t_one'], 0))).rejects.toThrow('positive integer');
      expect(await counts(handle)).toEqual({ one: 50, two: 20 });
    } finally {
      await handle.close();
    }
  });

  describe('on PostgreSQL', () => {
    let db: TestDatabase;
    let handle: StoreHandle;
    beforeEach(async () => {
      db = await createTestDatabase('empty_tables');
      handle = await openEventStore({ kind: 'postgres', url: db.url });
      await fill(handle);
    });
    afterEach(async () => {
      await handle.close();
      await db.drop();
    });

    it('truncates when nothing else holds the tables, and the transaction goes on with the default lock timeout', async () => {
      await handle.readModels.transaction(async (tx) => {
        expect(await emptyTables(tx, ['t_one', 't_two'])).toBe('truncated');
        expect((await tx.query<{ lock_timeout: string }>('SHOW lock_timeout')).rows[0].lock_timeout).toBe('0');
        await tx.query("INSERT INTO t_one VALUES (1, 'rebuilt')");
      });
      expect(await counts(handle)).toEqual({ one: 1, two: 0 });
    });

    it('deletes instead, within the lock timeout, when a reader holds a table, and never waits for that reader', async () => {
      const reader = new Client({ connectionString: db.url });
      await reader.connect();
      try {
        // A long read: its transaction holds ACCESS SHARE on t_two until it ends.
        await reader.query('BEGIN');
        await reader.query('SELECT count(*) FROM t_two');
        const started = Date.now();
        await handle.readModels.transaction(async (tx) => {
          expect(await emptyTables(tx, ['t_one', 't_two'], 200)).toBe('deleted');
          await tx.query("INSERT INTO t_one VALUES (1, 'rebuilt')");
        });
        expect(Date.now() - started).toBeLessThan(5_000);
        // The reader was never blocked, and its next statement sees the emptied and rebuilt table.
        expect((await reader.query<{ n: number }>('SELECT count(*)::int AS n FROM t_one')).rows[0].n).toBe(1);
        await reader.query('COMMIT');
      } finally {
        await reader.end();
      }
      expect(await counts(handle)).toEqual({ one: 1, two: 0 });
    });

    it('passes on a failure that is not a lock timeout', async () => {
      await expect(handle.readModels.transaction((tx) => emptyTables(tx, ['t_one', 'no_such_table']))).rejects.toMatchObject({ code: '42P01' });
      expect(await counts(handle)).toEqual({ one: 50, two: 20 });
    });
  });
});
