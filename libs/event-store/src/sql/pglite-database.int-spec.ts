import { inspect } from 'node:util';
import { PgliteDatabase } from './pglite-database';

/** What a logger would print of a PGlite failure: pino's err serializer keeps enumerable props, console uses inspect. */
const printed = (error: unknown) => `${inspect(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;

describe('PgliteDatabase errors carry no values', () => {
  let db: PgliteDatabase;
  const SECRET = 'Vault-Facility-7Q3X';

  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await db.query('CREATE TABLE t (id int PRIMARY KEY, note text NOT NULL)');
    await db.query('INSERT INTO t VALUES (1, $1)', [SECRET]);
  });
  afterAll(() => db.close());

  it.each([
    ['a value quoted in the message', () => db.query('SELECT ($1::text)::int', [`{"facility": "${SECRET}"}`]), '22P02'],
    ['a row quoted in detail', () => db.query('INSERT INTO t VALUES (2, NULL), (3, $1)', [SECRET]), '23502'],
    ['a key quoted in detail, inside a transaction', () => db.transaction((tx) => tx.query('INSERT INTO t VALUES (1, $1)', [SECRET])), '23505'],
  ])('%s: keeps the SQLSTATE, drops the parameters and quoted values from what is printed', async (_, fail, code) => {
    const error = await fail().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code });
    expect(printed(error)).not.toContain(SECRET);
    expect(printed(error)).not.toContain('facility');
  });

  it('keeps the constraint name in a unique violation’s message (the event store reads it from there)', async () => {
    const error = (await db.query('INSERT INTO t VALUES (1, $1)', [SECRET]).catch((e: Error) => e)) as Error;
    expect(error.message).toContain('"t_pkey"');
  });
});
