import { SqlEventStore, PostgresDatabase } from '@registry/event-store';
import { buildVerdictFacts, CATALOG_EQUIVALENCES } from '@registry/domain';
import { createTestDatabase, TestDatabase } from '../../../../test/support/postgres';
import { allVersionKeys, createReadinessTable, ReadinessReadModel, ReadinessRow } from './readiness.read-model';
import { syntheticLog } from './testing/synthetic-log';

/**
 * Two registry instances on one PostgreSQL database each keep the readiness table current on their own, so
 * they can recompute the same model versions at the same moment, one of them a little behind the log.
 */
describe('readiness read model: instances sharing one PostgreSQL database', () => {
  let database: TestDatabase;
  let stores: SqlEventStore[];
  beforeEach(async () => {
    database = await createTestDatabase('readiness');
    stores = [await SqlEventStore.create(PostgresDatabase.open(database.url)), await SqlEventStore.create(PostgresDatabase.open(database.url))];
    await createReadinessTable(stores[0].db);
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    await database.drop();
  });

  const rows = async () =>
    (await stores[0].db.query<ReadinessRow>('SELECT model_id, version, jurisdiction, use_case, status, computed_at FROM rm_export_readiness_v1 ORDER BY 1, 2, 3, 4')).rows;

  it('never fails on concurrent replacement, and the answer from the later log position wins whoever commits last', async () => {
    const log = syntheticLog(300);
    const older = buildVerdictFacts(log);
    const withdrawn = CATALOG_EQUIVALENCES.find((e) => e.proposal.equivalenceId === 'eq-hk02-eu-art50')!.proposal.equivalenceId;
    const newer = buildVerdictFacts([
      ...log,
      { type: 'EquivalenceWithdrawn', data: { equivalenceId: withdrawn, withdrawnBy: 'REGULATOR', reason: 'test', withdrawnAt: '2026-11-01T00:00:00.000Z' }, ref: { eventId: 'w', position: '9.2', type: 'EquivalenceWithdrawn' } },
    ]);
    const all = allVersionKeys(older).map((key) => ({ key, jurisdictions: null }));
    const [a, b] = stores.map((store) => new ReadinessReadModel(undefined as never, store.db, store));

    for (let round = 0; round < 6; round++) {
      // Alternate who starts first; the lagging instance (older facts, earlier position) must never win.
      const lagging = () => b.recompute(older, all, `9.${round % 2}`);
      const current = () => a.recompute(newer, all, '9.2');
      await Promise.all(round % 2 ? [lagging(), current()] : [current(), lagging()]);
      const result = await rows();
      expect(new Set(result.map((r) => r.computed_at))).toEqual(new Set(['9.2']));
    }
    // And the rows are exactly those computed from the newer facts.
    await stores[0].db.query('DELETE FROM rm_export_readiness_v1; DELETE FROM rm_export_readiness_v1_guard');
    await a.recompute(newer, all, '9.2');
    const alone = await rows();
    for (let round = 0; round < 3; round++) await Promise.all([a.recompute(newer, all, '9.2'), b.recompute(older, all, '9.1')]);
    expect(await rows()).toEqual(alone);
    expect(alone.filter((r) => r.jurisdiction === 'EU' && r.use_case === 'chatbot').every((r) => r.status !== 'READY')).toBe(true);
  });
});
