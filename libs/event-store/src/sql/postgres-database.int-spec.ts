import { createTestDatabase, TestDatabase } from '../../../../test/support/postgres';
import { randomUUID } from 'node:crypto';
import { PostgresDatabase } from './postgres-database';
import { SqlEventStore } from './sql-event-store';

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

  it('survives backends killed under 4 writers and 4 readers: requests in flight fail cleanly, nothing acknowledged is lost', async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    const pool = PostgresDatabase.open(database.url, { max: 10 }, () => undefined);
    const store = await SqlEventStore.create(pool);
    const acknowledged: string[] = [];
    let failedCleanly = 0;
    let running = true;
    const meta = () => ({
      actor: { subject: 't', role: 'REGISTRAR' as const },
      issuedAt: new Date().toISOString(),
      correlationId: randomUUID(),
      causationId: null,
      commandId: randomUUID(),
    });
    try {
      const writers = Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; running; i++) {
          // Keyed appends run as transactions on a checked-out connection: the case that crashed.
          const key = `w${w}-${i}`;
          await store
            .appendToStream(`s-${w}`, [{ type: 'Wrote', data: { key } }], { expectedVersion: 'any', metadata: { ...meta(), idempotencyKey: key } })
            .then(() => acknowledged.push(key))
            .catch(() => failedCleanly++);
          // A transaction that holds its connection between statements, as the projections do.
          await pool
            .transaction(async (tx) => {
              await tx.query('SELECT 1');
              await new Promise((r) => setTimeout(r, 5));
              await tx.query('SELECT 2');
            })
            .catch(() => failedCleanly++);
        }
      });
      const readers = Array.from({ length: 4 }, async (_, r) => {
        while (running) await store.readStream(`s-${r}`).catch(() => failedCleanly++);
      });
      for (let kill = 0; kill < 5; kill++) {
        await new Promise((r) => setTimeout(r, 120));
        await database.terminateConnections();
      }
      running = false;
      await Promise.all([...writers, ...readers]);
      expect(uncaught).toEqual([]);
      // The next requests succeed, and every acknowledged write is there.
      const stored = new Set<string>();
      for (let w = 0; w < 4; w++) for (const e of (await store.readStream(`s-${w}`)).events) stored.add((e.data as { key: string }).key);
      for (const key of acknowledged) expect(stored.has(key)).toBe(true);
      expect(acknowledged.length).toBeGreaterThan(0);
    } finally {
      running = false;
      process.off('uncaughtException', record);
      await store.close();
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
