import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@nestjs/common';
import {
  comparePositions,
  EventStore,
  formatPosition,
  LOG_START,
  LogPosition,
  SqlEventStore,
  PostgresDatabase,
  SqlDatabase,
  SqlExecutor,
} from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { buildVerdictFacts, CATALOG_EQUIVALENCES } from '@registry/domain';
import { createTestDatabase, TestDatabase } from '../../../../test/support/postgres';
import { allVersionKeys, createReadinessTable, ReadinessReadModel, ReadinessRow } from './readiness.read-model';
import { streamOf, syntheticLog } from './testing/synthetic-log';
import { VerdictService } from './verdict.service';

/**
 * Two registry instances on one PostgreSQL database each keep the readiness table current on their own, so
 * they can recompute the same model versions at the same moment, one of them a little behind the log.
 */
describe('readiness read model: instances sharing one PostgreSQL database', () => {
  let database: TestDatabase;
  let stores: SqlEventStore[];
  let dbs: SqlDatabase[];
  beforeEach(async () => {
    database = await createTestDatabase('readiness');
    dbs = [PostgresDatabase.open(database.url), PostgresDatabase.open(database.url)];
    stores = [await SqlEventStore.create(dbs[0]), await SqlEventStore.create(dbs[1])];
    await createReadinessTable(dbs[0]);
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    await database.drop();
  });

  const rows = async () =>
    (await dbs[0].query<ReadinessRow>('SELECT model_id, version, jurisdiction, use_case, status, computed_at FROM rm_export_readiness_v1 ORDER BY 1, 2, 3, 4'))
      .rows;

  it('never fails on concurrent replacement, and the answer from the later log position wins whoever commits last', async () => {
    const log = syntheticLog(300);
    const older = buildVerdictFacts(log);
    const withdrawn = CATALOG_EQUIVALENCES.find((e) => e.proposal.equivalenceId === 'eq-hk02-eu-art50')!.proposal.equivalenceId;
    const newer = buildVerdictFacts([
      ...log,
      {
        type: 'EquivalenceWithdrawn',
        data: { equivalenceId: withdrawn, withdrawnBy: 'REGULATOR', reason: 'test', withdrawnAt: '2026-11-01T00:00:00.000Z' },
        ref: { eventId: 'w', position: '9.2', type: 'EquivalenceWithdrawn' },
      },
    ]);
    const all = allVersionKeys(older).map((key) => ({ key, jurisdictions: null }));
    const [a, b] = stores.map((store, i) => new ReadinessReadModel(undefined as never, dbs[i], store));

    for (let round = 0; round < 6; round++) {
      // Alternate who starts first; the lagging instance (older facts, earlier position) must never win.
      const lagging = () => b.recompute(older, all, `9.${round % 2}`);
      const current = () => a.recompute(newer, all, '9.2');
      await Promise.all(round % 2 ? [lagging(), current()] : [current(), lagging()]);
      const result = await rows();
      expect(new Set(result.map((r) => r.computed_at))).toEqual(new Set(['9.2']));
    }
    // And the rows are exactly those computed from the newer facts.
    await dbs[0].query('DELETE FROM rm_export_readiness_v1; DELETE FROM rm_export_readiness_v1_guard');
    await a.recompute(newer, all, '9.2');
    const alone = await rows();
    for (let round = 0; round < 3; round++) await Promise.all([a.recompute(newer, all, '9.2'), b.recompute(older, all, '9.1')]);
    expect(await rows()).toEqual(alone);
    expect(alone.filter((r) => r.jurisdiction === 'EU' && r.use_case === 'chatbot').every((r) => r.status !== 'READY')).toBe(true);
  });
});

/**
 * The read model's database failing for a while (a restart, a dropped connection): the log and the live facts
 * stay readable, so changes keep being marked while every recompute fails.
 */
describe('readiness read model: a database failure during updates', () => {
  /** Fails every call while `down`, as a terminated connection does. */
  class FlakyDatabase implements SqlExecutor {
    down = false;
    refused = 0;
    constructor(private readonly db: SqlDatabase) {}
    private check(): void {
      if (!this.down) return;
      this.refused++;
      throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', detail: 'secret-row-value' });
    }
    async query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }> {
      this.check();
      return this.db.query<R>(sql, params);
    }
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      this.check();
      return this.db.transaction(work);
    }
  }

  const RETRY = { initialDelayMs: 40, maxDelayMs: 160 };
  let database: TestDatabase;
  let store: SqlEventStore;
  let db: SqlDatabase;
  let flaky: FlakyDatabase;
  let model: ReadinessReadModel;
  let verdicts: VerdictService;
  let logged: string[];
  /** Stands for the per-request log context (nestjs-pino keeps the request, headers included, in one like it). */
  const request = new AsyncLocalStorage<string>();
  let loggedInRequest: string[];

  const open = async (retry?: typeof RETRY) => {
    verdicts = new VerdictService(store);
    flaky = new FlakyDatabase(db);
    const flakyStore = { onAppended: (listener: () => void) => store.onAppended(listener) } as unknown as EventStore;
    model = new ReadinessReadModel(verdicts, flaky, flakyStore, retry);
    await model.onModuleInit();
    await model.refresh();
  };

  beforeEach(async () => {
    database = await createTestDatabase('readiness_failure');
    db = PostgresDatabase.open(database.url);
    store = await SqlEventStore.create(db);
    for (const e of syntheticLog(20))
      await store.appendToStream(streamOf(e), [{ type: e.type, data: e.data }], { expectedVersion: 'any', metadata: metadata() });
    logged = [];
    loggedInRequest = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      logged.push(String(message));
      if (request.getStore()) loggedInRequest.push(String(message));
    });
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void logged.push(String(message)));
  });
  afterEach(async () => {
    await model?.onModuleDestroy();
    jest.restoreAllMocks();
    await store.close();
    await database.drop();
  });

  /**
   * Appends, then waits until readers of the log see the event. Readers see what lies below the cluster-wide
   * transaction horizon (docs/architecture.md, "no skipped events"), so a transaction of another suite on the same
   * server can hold a fresh event back for a moment; these specs are about the database failing, not about that.
   */
  const append = async (stream: string, type: string, data: Record<string, unknown>) => {
    const appended = await store.appendToStream(stream, [{ type, data }], { expectedVersion: 'any', metadata: metadata() });
    await eventually(async () => {
      const all = await store.readAll({ after: LOG_START, limit: 100_000 });
      return all.length > 0 && comparePositions(all[all.length - 1].position, appended.position) >= 0;
    }, 'the appended event is visible to readers');
    return appended;
  };
  /** EU chatbot rows were READY through this equivalence only. */
  const withdrawEquivalence = () =>
    append('equivalence-eq-hk02-eu-art50', 'EquivalenceWithdrawn', {
      equivalenceId: 'eq-hk02-eu-art50',
      withdrawnBy: 'REGULATOR',
      reason: 'test',
      withdrawnAt: '2026-11-01T00:00:00.000Z',
    });
  /** m1's rows move from lending to hiring. */
  const narrowM1ToHiring = () =>
    append('certification-c1', 'CertificationScopeAmended', {
      certificationId: 'c1',
      scope: { useCases: ['hiring'], riskTier: 'HIGH' },
      results: [{ requirementId: 'HK-AI-07', result: 'PASS' }],
      amendedAt: '2026-11-01T00:00:00.000Z',
    });
  const table = async () =>
    (await db.query<ReadinessRow>('SELECT model_id, version, jurisdiction, use_case, status FROM rm_export_readiness_v1 ORDER BY 1, 2, 3, 4')).rows;
  const readyEuChatbots = async () => (await table()).filter((r) => r.jurisdiction === 'EU' && r.use_case === 'chatbot' && r.status === 'READY');
  const useCasesOfM1 = async () => [...new Set((await table()).filter((r) => r.model_id === 'm1').map((r) => r.use_case))];
  /** The rows as a recompute of every version from the current facts writes them. */
  const rebuilt = async () => {
    await db.query('DELETE FROM rm_export_readiness_v1; DELETE FROM rm_export_readiness_v1_guard');
    const { facts, computedAt } = await verdicts.facts();
    await model.recompute(
      facts,
      allVersionKeys(facts).map((key) => ({ key, jurisdictions: null })),
      formatPosition(computedAt),
    );
    return table();
  };
  const eventually = async (condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('keeps serving once the database is back, with the change whose update failed', async () => {
    await open();
    expect(await readyEuChatbots()).not.toEqual([]);
    flaky.down = true;
    await withdrawEquivalence();
    await expect(model.page('EU', 'chatbot', 'READY', 50, undefined)).rejects.toThrow();
    flaky.down = false;
    const { rows, total } = await model.page('EU', 'chatbot', 'READY', 50, undefined);
    expect({ rows, total }).toEqual({ rows: [], total: 0 });
    expect(await readyEuChatbots()).toEqual([]);
  });

  it('reports the failure, retries on a timer with no new event, and recovers every change, including those marked while failing', async () => {
    await open(RETRY);
    const before = await table();
    expect(await useCasesOfM1()).toEqual(['lending']);
    flaky.down = true;
    await withdrawEquivalence();
    await eventually(() => model.health().consecutiveFailures >= 1, 'the update fails');
    expect(model.health()).toMatchObject({ lastError: { code: '57P01', message: 'terminating connection due to administrator command' } });
    expect(model.health().pendingCount).toBeGreaterThan(0);
    const line = logged.find((l) => l.includes('readiness update failed'))!;
    expect(line).toContain('57P01 terminating connection due to administrator command');
    expect(line).not.toContain('secret-row-value');

    // A page request fails fast and clearly instead of serving rows that miss the change; the update it ran
    // logs outside the request's context.
    const logLines = logged.length;
    await request.run('a request', () =>
      expect(model.page('EU', 'chatbot', 'READY', 50, undefined)).rejects.toMatchObject({ code: 'READINESS.UNAVAILABLE', category: 'INTERNAL' }),
    );
    expect(logged.length).toBeGreaterThan(logLines);
    expect(loggedInRequest).toEqual([]);

    // Marked while failing: must survive too.
    await narrowM1ToHiring();
    await verdicts.sync();
    const failures = model.health().consecutiveFailures;
    await eventually(() => model.health().consecutiveFailures >= failures + 2, 'the timer keeps retrying with no new event or request');
    expect(model.health().nextRetryAt).not.toBeNull();
    expect(await table()).toEqual(before);

    flaky.down = false;
    await eventually(() => model.health().consecutiveFailures === 0, 'the timer brings the rows back by itself');
    expect(model.health()).toMatchObject({ lastError: null, pendingCount: 0, nextRetryAt: null });
    expect(logged.some((l) => l.includes('current again'))).toBe(true);
    expect(await readyEuChatbots()).toEqual([]);
    expect(await useCasesOfM1()).toEqual(['hiring']);
    const recovered = await table();
    expect(recovered).not.toEqual(before);
    expect(await rebuilt()).toEqual(recovered);
    expect(await model.page('EU', 'chatbot', 'READY', 50, undefined)).toEqual({ rows: [], total: 0 });
  });

  it('leaves no retry timer running once destroyed during a failure', async () => {
    await open(RETRY);
    flaky.down = true;
    await withdrawEquivalence();
    await eventually(() => model.health().nextRetryAt !== null, 'a retry is scheduled');
    await model.onModuleDestroy();
    expect(model.health().nextRetryAt).toBeNull();
    const refused = flaky.refused;
    await new Promise((resolve) => setTimeout(resolve, RETRY.maxDelayMs * 3));
    expect(flaky.refused).toBe(refused);
  });
});

/**
 * A restart: the rows and their checkpoint are in the database, the live facts are not in memory yet (restoring
 * them takes seconds at a million events). Rows known current are served at once; anything new waits for the facts.
 */
describe('readiness read model: a restart with the rows current', () => {
  /** A verdict service whose bring-up of the facts waits at a gate the test opens. */
  class GatedVerdictService extends VerdictService {
    private opened!: () => void;
    readonly gate = new Promise<void>((resolve) => (this.opened = resolve));
    syncCalls = 0;
    open(): void {
      this.opened();
    }
    override async sync(): Promise<void> {
      this.syncCalls++;
      await this.gate;
      return super.sync();
    }
  }

  let database: TestDatabase;
  let db: SqlDatabase;
  let store: SqlEventStore;
  const models: ReadinessReadModel[] = [];
  beforeEach(async () => {
    database = await createTestDatabase('readiness_restart');
    db = PostgresDatabase.open(database.url);
    store = await SqlEventStore.create(db);
    let last: LogPosition | undefined;
    for (const e of syntheticLog(20))
      last = (await store.appendToStream(streamOf(e), [{ type: e.type, data: e.data }], { expectedVersion: 'any', metadata: metadata() })).position;
    await visible(last!);
  });
  afterEach(async () => {
    for (const model of models.splice(0)) await model.onModuleDestroy();
    await store.close();
    await database.drop();
  });

  const start = async (verdicts: VerdictService) => {
    const model = new ReadinessReadModel(verdicts, db, store);
    models.push(model);
    await model.onModuleInit();
    return model;
  };
  /**
   * Waits until readers see the log up to `position`: a transaction open anywhere on the server (another test's)
   * holds back what every reader sees (pg_snapshot_xmin is server-wide), and this test is about what was visible.
   */
  const visible = async (position: LogPosition) => {
    const deadline = Date.now() + 30_000;
    while (comparePositions(await store.headPosition(), position) < 0) {
      if (Date.now() > deadline) throw new Error(`the log did not become visible up to ${formatPosition(position)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  /** Whether the promise settles within a while (a pending one is left to settle later). */
  const settlesSoon = (promise: Promise<unknown>) =>
    Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 300))]);

  it('serves rows current at the log head without the live facts, brings them up behind, and waits for them once the log moves', async () => {
    const first = await start(new VerdictService(store));
    const built = await first.page('EU', 'chatbot', 'READY', 50, undefined);
    expect(built.total).toBeGreaterThan(0);
    await first.onModuleDestroy();

    // Restart: the facts cannot come up until the gate opens, yet the rows are answered.
    const verdicts = new GatedVerdictService(store);
    const restarted = await start(verdicts);
    expect(await restarted.page('EU', 'chatbot', 'READY', 50, undefined)).toEqual(built);
    expect(verdicts.syncCalls).toBe(1); // the bring-up behind, started once
    expect(await restarted.page('EU', 'chatbot', 'READY', 50, undefined)).toEqual(built);
    expect(verdicts.syncCalls).toBe(1);

    // The log moves: the rows are no longer known current, and the page waits for the facts.
    const moved = await store.appendToStream(
      'equivalence-eq-hk02-eu-art50',
      [
        {
          type: 'EquivalenceWithdrawn',
          data: { equivalenceId: 'eq-hk02-eu-art50', withdrawnBy: 'REGULATOR', reason: 'test', withdrawnAt: '2026-11-01T00:00:00.000Z' },
        },
      ],
      { expectedVersion: 'any', metadata: metadata() },
    );
    await visible(moved.position);
    const page = restarted.page('EU', 'chatbot', 'READY', 50, undefined);
    expect(await settlesSoon(page)).toBe(false);
    verdicts.open();
    expect(await page).toEqual({ rows: [], total: 0 });
  });

  it('does not take the short path when a row is due for reconsideration', async () => {
    const first = await start(new VerdictService(store));
    await first.page('EU', 'chatbot', 'READY', 50, undefined);
    await first.onModuleDestroy();
    await db.query(
      `UPDATE rm_export_readiness_v1 SET reconsider_at = now() - interval '1 second' WHERE ctid IN (SELECT ctid FROM rm_export_readiness_v1 LIMIT 1)`,
    );

    const verdicts = new GatedVerdictService(store);
    const restarted = await start(verdicts);
    const page = restarted.page('EU', 'chatbot', 'READY', 50, undefined);
    expect(await settlesSoon(page)).toBe(false);
    verdicts.open();
    await page;
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM rm_export_readiness_v1 WHERE reconsider_at <= now()')).rows[0].n).toBe(0);
  });
});
