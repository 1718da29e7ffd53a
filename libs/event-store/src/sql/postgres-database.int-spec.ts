import { createTestDatabase, TestDatabase } from '../../../../test/support/postgres';
import { PostgresDatabase } from './postgres-database';

describe('PostgresDatabase', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase('pgdb');
  });
  afterEach(() => database.drop());

  it('survives the server killing its idle connections, reports it, and reconnects', async () => {
    const lost: Error[] = [];
    const db = PostgresDatabase.open(database.url, { max: 3 }, (error) => lost.push(error));
    try {
      const { rows } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await database.terminateConnections();
      await waitUntil(() => lost.length > 0);
      expect(lost[0].message).toMatch(/terminating connection/);
      expect((await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid).not.toBe(rows[0].pid);
    } finally {
      await db.close();
    }
  });

  it('has ended every connection when close() resolves, so the database can be dropped at once', async () => {
    const lost: Error[] = [];
    const db = PostgresDatabase.open(database.url, { max: 6 }, (error) => lost.push(error));
    await Promise.all(Array.from({ length: 6 }, () => db.transaction((tx) => tx.query('SELECT pg_sleep(0.02)'))));
    await db.close();
    expect(await database.connectionCount()).toBe(0);
    expect(lost).toEqual([]);
  });
});

const waitUntil = async (done: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
};
