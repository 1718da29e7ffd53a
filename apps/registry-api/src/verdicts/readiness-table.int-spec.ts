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
});
