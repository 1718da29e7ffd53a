import { PgliteDatabase } from '@registry/event-store';
import { ReadinessRowValues } from './readiness-rows';
import { ReadinessTable } from './readiness-table';

/** The readiness table on PGlite: paging in its own order, and versions judged and written in the table's key order. */
describe('readiness table (PGlite)', () => {
  let db: PgliteDatabase;
  let table: ReadinessTable;
  beforeAll(async () => {
    db = await PgliteDatabase.open();
    table = new ReadinessTable(db);
    await table.create();
  });
  afterAll(() => db.close());
  afterEach(() => table.clear());

  const row = (key: string, jurisdiction = 'EU', status = 'READY'): ReadinessRowValues => {
    const [model_id, version] = key.split('/');
    return { model_id, version, jurisdiction, use_case: 'chatbot', status, valid_until: null, reconsider_at: null };
  };
  const write = (keys: readonly string[], rowsOf: (key: string) => ReadinessRowValues[]) =>
    table.replace(
      keys.map((key) => ({ key, jurisdictions: null })),
      '1.1',
      (batch) => batch.flatMap((t) => rowsOf(t.key)),
    );
  const pages = async (size: number) => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const { rows, total } = await table.page('EU', 'chatbot', 'READY', size, after);
      const page = rows.slice(0, size).map((r) => `${r.model_id}/${r.version}`);
      seen.push(...page);
      expect(total).toBeGreaterThanOrEqual(seen.length);
      if (rows.length <= size) return seen;
      after = page[page.length - 1];
    }
  };

  it('pages through every row once, in order, where one model id goes on with a dash past another', async () => {
    // Joined as text, 'ab-c/1' sorts before 'ab/1' ('-' before '/'): a page after 'ab/1' once skipped 'ab-c'.
    const keys = ['ab/1', 'ab/1-rc', 'ab/1.0', 'ab-c/1', 'ab-c-d/2_0', 'abc/1', 'b/1'];
    await write(keys, (key) => [row(key)]);
    const ordered = [...keys].sort((x, y) => {
      const [a, b] = [x.split('/'), y.split('/')];
      return a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1;
    });
    for (const size of [1, 2, 3, 7]) expect(await pages(size)).toEqual(ordered);
    expect(await table.hasAtOrBefore('EU', 'chatbot', 'READY', 'ab/1')).toBe(true);
    expect(await table.hasAtOrBefore('EU', 'chatbot', 'READY', 'a/9')).toBe(false);
    // A cursor key with no '/' (not one the API hands out) still pages after it, never fails.
    expect((await table.page('EU', 'chatbot', 'READY', 10, 'ab')).rows.map((r) => r.model_id)).toEqual(['ab', 'ab', 'ab', 'ab-c', 'ab-c-d', 'abc', 'b']);
  });

  it("judges and writes a large build in the key order (model, then version), whatever the targets' order, with its lookup index", async () => {
    const keys = Array.from({ length: 12_000 }, (_, i) => `m-${String(i).padStart(5, '0')}/1`);
    // Shuffled (deterministically), with a model id that goes on with a dash past another.
    const shuffled = [...keys, 'm-00001-x/1', 'm-00001/0'].map((key, i) => ({ key, rank: (i * 7919) % 12_007 })).sort((a, b) => a.rank - b.rank);
    const judged: string[] = [];
    const written = await table.replace(
      shuffled.map(({ key }) => ({ key, jurisdictions: null })),
      '1.1',
      (batch) => batch.flatMap((t) => (judged.push(t.key), keys.includes(t.key) ? [row(t.key), row(t.key, 'SG', 'NOT_READY')] : [])),
    );
    expect(judged.slice(0, 4)).toEqual(['m-00000/1', 'm-00001/0', 'm-00001/1', 'm-00001-x/1']);
    expect(judged).toHaveLength(12_002);
    expect(judged.slice(4)).toEqual(keys.slice(2));
    expect(written).toBe(24_000);
    const index = () => db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'rm_export_readiness_v1_lookup'`);
    expect((await index()).rows[0].n).toBe(1);
    expect((await table.page('SG', 'chatbot', 'NOT_READY', 5, undefined)).total).toBe(12_000);
    await write(keys.slice(0, 10), (key) => [row(key, 'EU', 'NOT_READY')]);
    expect((await index()).rows[0].n).toBe(1);
    expect((await table.page('EU', 'chatbot', 'READY', 5, undefined)).total).toBe(11_990);
  });

  const index = async () =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'rm_export_readiness_v1_lookup'`)).rows[0].n;

  it('takes a large build failing half-way back whole: no row written, the lookup index there again', async () => {
    const keys = Array.from({ length: 12_000 }, (_, i) => `m-${String(i).padStart(5, '0')}/1`);
    let batches = 0;
    await expect(
      table.replace(
        keys.map((key) => ({ key, jurisdictions: null })),
        '1.1',
        (batch) => {
          if (++batches === 5) throw new Error('JUDGE.FAILED');
          return batch.map((t) => row(t.key));
        },
      ),
    ).rejects.toThrow('JUDGE.FAILED');
    expect(batches).toBe(5);
    expect(await index()).toBe(1);
    expect((await table.page('EU', 'chatbot', 'READY', 5, undefined)).total).toBe(0);
    // And the next build goes through.
    expect(await write(keys, (key) => [row(key)])).toBe(12_000);
    expect(await index()).toBe(1);
  });

  it('writes no row of a version whose guard another instance holds from a later position, judged or not', async () => {
    // Another instance wrote m-b/1 from a later log position.
    await db.query(`INSERT INTO rm_export_readiness_v1_guard (model_id, version, computed_at) VALUES ('m-b', '1', '9.9')`);
    const keys = ['m-a/1', 'm-b/1', 'm-c/1'];
    const written = await write(keys, (key) => [row(key)]);
    expect(written).toBe(2);
    expect((await table.page('EU', 'chatbot', 'READY', 10, undefined)).rows.map((r) => r.model_id)).toEqual(['m-a', 'm-c']);
  });

  it('writes every value as given: instants and nulls, and values the joined form cannot carry (its separator, an empty text)', async () => {
    const values = (model_id: string, version: string, use_case: string, valid_until: string | null): ReadinessRowValues => ({
      model_id,
      version,
      jurisdiction: 'EU',
      use_case,
      status: 'CONDITIONAL',
      valid_until,
      reconsider_at: valid_until && '2026-12-01T00:00:00.000Z',
    });
    const batches: ReadinessRowValues[][] = [
      // Joined: instants and nulls side by side, and hostile text that is still joinable.
      [values('m1', '1', 'chatbot', '2027-01-01T00:00:00.000Z'), values('m1', '1', 'lending', null), values(`q'"\\{,}`, 'NULL', 'chatbot', null)],
      // The separator in a value: sent as arrays.
      [values('m2', '1', 'chat\u001fbot', '2027-01-01T00:00:00.000Z'), values('m2', '1', 'chatbot', null)],
      // An empty version: sent as arrays (an empty text splits into no element).
      [values('m3', '', 'chatbot', null)],
    ];
    for (const rows of batches)
      await table.replace(
        [...new Set(rows.map((r) => `${r.model_id}/${r.version}`))].map((key) => ({ key, jurisdictions: null })),
        '1.1',
        () => rows,
      );
    const { rows } = await db.query<ReadinessRowValues & { valid_until: Date | null; reconsider_at: Date | null }>(
      'SELECT model_id, version, jurisdiction, use_case, status, valid_until, reconsider_at FROM rm_export_readiness_v1 ORDER BY model_id, version, use_case',
    );
    const iso = (d: Date | null) => d && d.toISOString();
    expect(rows.map((r) => ({ ...r, valid_until: iso(r.valid_until), reconsider_at: iso(r.reconsider_at) }))).toEqual(
      batches.flat().sort((a, b) => (a.model_id + a.version + a.use_case < b.model_id + b.version + b.use_case ? -1 : 1)),
    );
  });
});
