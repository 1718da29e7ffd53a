import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Server used by integration tests: the local one (CI starts it), or PG_ADMIN_URL. */
export const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  /** Connections other than the admin's currently open to this database. */
  connectionCount(): Promise<number>;
  /** Ends every connection to this database from the server side, as an administrator or a restart would. */
  terminateConnections(): Promise<void>;
  drop(): Promise<void>;
}

const withAdmin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/** A fresh, uniquely named database, dropped (with its connections) by `drop`. */
export const createTestDatabase = async (label = 'test'): Promise<TestDatabase> => {
  const name = `registry_${label}_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    connectionCount: () =>
      withAdmin((c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name])).then(
        (r) => r.rows[0].n,
      ),
    terminateConnections: () =>
      withAdmin((c) => c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name])).then(
        () => undefined,
      ),
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
};
