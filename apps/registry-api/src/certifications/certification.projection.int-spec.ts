import { EventStore, LOG_START, LogPosition, maxPosition, openEventStore, RecordedEvent, SqlExecutor, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { Actor, fold } from '@registry/kernel';
import { CertificationCommand, certificationDecider, CertificationEvent, certificationStreamId, ModelEvent, modelStreamId } from '@registry/domain';
import { ProjectionRunner } from '@registry/projections';
import { createTestDatabase } from '../../../../test/support/postgres';
import { CertificationProjection, CertificationRow, certificationStateOf } from './certification.projection';
import { perEventReference } from './testing/per-event-certification.projection';

/** A small seeded generator, so a failure replays exactly. */
const random = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

const certifier: Actor = { subject: 'cb-1', role: 'CERTIFIER', scope: 'cb-1' };
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const requirementIds = ['HK-AI-01', 'HK-AI-02', 'HK-AI-03'];

/**
 * Writes a log of models and certifications with random lifecycles, each command judged by the real deciders
 * (refusals are simply skipped), and returns the highest position written.
 */
const writeLog = async (store: EventStore, certifications: number, next: () => number): Promise<LogPosition> => {
  let head = LOG_START;
  const append = async (streamId: string, events: (ModelEvent | CertificationEvent)[]) => {
    const { version } = await store.readStream(streamId);
    const r = await store.appendToStream(streamId, events, { expectedVersion: version, metadata: metadata() });
    head = maxPosition(head, r.position);
  };
  for (let m = 0; m < 3; m++) {
    const at = '2026-01-01T00:00:00.000Z';
    await append(modelStreamId(`model-${m}`), [
      {
        type: 'ModelRegistered',
        data: { modelId: `model-${m}`, firmId: `firm-${m % 2}`, name: `Model ${m}`, kind: { generative: false, generalPurpose: false }, registeredAt: at },
      },
      { type: 'ModelVersionRegistered', data: { modelId: `model-${m}`, version: '1.0', weightsDigest: digest(m), registeredAt: at } },
    ]);
  }
  const context = { accreditationCovers: true, requirementIds };
  for (let c = 0; c < certifications; c++) {
    const id = `cert-${String(c).padStart(3, '0')}`;
    const m = Math.floor(next() * 3);
    const commands: CertificationCommand['type'][] = [
      'SuspendCertification',
      'ReinstateCertification',
      'RenewCertification',
      'AmendCertificationScope',
      'RevokeCertification',
    ];
    const steps: CertificationCommand[] = [
      {
        type: 'IssueCertification',
        actor: certifier,
        issuedAt: '2026-02-01T00:00:00.000Z',
        data: {
          certificationId: id,
          certifierId: 'cb-1',
          modelId: `model-${m}`,
          modelVersion: '1.0',
          weightsDigest: digest(m),
          frameworkVersion: '1.0',
          scope: { useCases: ['lending'], riskTier: 'HIGH' },
          results: [{ requirementId: 'HK-AI-01', result: 'PASS' }],
          auditReportDigest: digest(99),
          validFrom: '2026-02-01T00:00:00.000Z',
          validUntil: next() < 0.3 ? '2026-06-01T00:00:00.000Z' : '2028-02-01T00:00:00.000Z',
          context: { ...context, versionDigest: digest(m) },
        },
      },
    ];
    for (let s = 0, n = Math.floor(next() * 6); s < n; s++) {
      const type = commands[Math.floor(next() * commands.length)];
      const issuedAt = `2026-03-${String(s + 1).padStart(2, '0')}T00:00:00.000Z`;
      const data =
        type === 'RenewCertification'
          ? { certificationId: id, validUntil: `2029-0${s + 1}-01T00:00:00.000Z`, context }
          : type === 'AmendCertificationScope'
            ? {
                certificationId: id,
                scope: { useCases: ['lending', 'hiring'], riskTier: 'HIGH' },
                results: [{ requirementId: requirementIds[s % 3], result: 'PASS' }],
                context,
              }
            : { certificationId: id, reason: `step ${s}` };
      steps.push({ type, data, actor: certifier, issuedAt } as CertificationCommand);
    }
    for (const command of steps) {
      const { events } = await store.readStream(certificationStreamId(id));
      const state = fold(
        certificationDecider,
        events.map((e) => ({ type: e.type, data: e.data }) as CertificationEvent),
      );
      try {
        await append(certificationStreamId(id), certificationDecider.decide(command, state));
      } catch {
        // A refused step (e.g. reinstating an active certification): the log simply does not get it.
      }
    }
  }
  return head;
};

const rows = async (db: SqlExecutor) => (await db.query<CertificationRow>('SELECT * FROM rm_certifications ORDER BY certification_id')).rows;
const owners = async (db: SqlExecutor) => (await db.query('SELECT * FROM rm_certification_model_owners ORDER BY model_id')).rows;

/**
 * The whole log in order. On PostgreSQL the store hands out only events below the oldest transaction still running on
 * the server (docs/architecture.md, "no skipped events"), and other sessions' transactions can hold that back for a
 * while: read until every stored event is visible (up to 20 s), so that a test never compares a prefix of the log.
 */
const readLog = async (handle: StoreHandle): Promise<RecordedEvent[]> => {
  const { rows } = await handle.readModels.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events');
  for (let attempt = 0; ; attempt++) {
    const all: RecordedEvent[] = [];
    for (let after = LOG_START; ;) {
      const page = await handle.store.readAll({ after, limit: 1000 });
      if (!page.length) break;
      all.push(...page);
      after = page[page.length - 1].position;
    }
    if (all.length >= rows[0].n || attempt >= 200) return all;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** Both engines: the batch's statements (jsonb_to_recordset, ON CONFLICT) must mean the same on each. */
const ENGINES: Record<'PGlite' | 'PostgreSQL', () => Promise<{ handle: StoreHandle; dispose: () => Promise<void> }>> = {
  PGlite: async () => {
    const handle = await openEventStore({ kind: 'pglite' });
    return { handle, dispose: () => handle.close() };
  },
  PostgreSQL: async () => {
    const db = await createTestDatabase('certifications');
    const handle = await openEventStore({ kind: 'postgres', url: db.url });
    return { handle, dispose: () => handle.close().then(() => db.drop()) };
  },
};

describe.each(Object.keys(ENGINES) as (keyof typeof ENGINES)[])('certifications read model (%s)', (engine) => {
  let handle: StoreHandle;
  let store: EventStore;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ handle, dispose } = await ENGINES[engine]());
    store = handle.store;
  });
  afterEach(() => dispose());

  it('holds, for every certification, exactly the fold of its stream; a rebuild from 0 gives the same rows', async () => {
    const runner = new ProjectionRunner(handle, [new CertificationProjection()], { batchSize: 13, pollIntervalMs: 20 });
    await runner.start();
    const written = await writeLog(store, 40, random(7));
    await runner.waitFor(written);
    const live = await rows(handle.readModels);
    expect(live).toHaveLength(40);

    for (const row of live) {
      const { events, version } = await store.readStream(certificationStreamId(row.certification_id));
      const state = fold(
        certificationDecider,
        events.map((e) => ({ type: e.type, data: e.data }) as CertificationEvent),
      );
      if (state.status === 'NONE') throw new Error('unreachable');
      // The row's columns and stored part put back together are the fold (JSONB reorders keys: compare by value).
      expect(certificationStateOf(row)).toEqual(JSON.parse(JSON.stringify(state)));
      expect(row).toMatchObject({
        status: state.status,
        version,
        model_id: state.certification.modelId,
        framework_version: state.certification.frameworkVersion,
        firm_id: `firm-${Number(state.certification.modelId.slice(-1)) % 2}`,
      });
      expect(row.valid_until.toISOString()).toBe(new Date(state.certification.validUntil).toISOString());
    }
    // The generator reached every lifecycle state.
    expect(new Set(live.map((r) => r.status))).toEqual(new Set(['ACTIVE', 'SUSPENDED', 'REVOKED']));

    await runner.rebuild('certifications');
    await runner.waitFor(written);
    expect(await rows(handle.readModels)).toEqual(live);
    await runner.stop();
  });

  it('takes a version-1 table (no framework_version) to version 2: the column added, every row rebuilt with it', async () => {
    const written = await writeLog(store, 6, random(3));
    const db = handle.readModels;
    // The table and checkpoint as version 1 left them, with a row the rebuild must replace.
    await db.query(`CREATE TABLE rm_certifications (certification_id text PRIMARY KEY, certifier_id text NOT NULL, model_id text NOT NULL,
      model_version text NOT NULL, firm_id text NOT NULL, status text NOT NULL, valid_until timestamptz NOT NULL, state jsonb NOT NULL, version integer NOT NULL)`);
    await db.query(`INSERT INTO rm_certifications VALUES ('stale', 'cb-1', 'model-0', '1.0', 'firm-0', 'ACTIVE', now(), '{}', 1)`);
    await db.query(`CREATE TABLE es_projection_checkpoints (name text PRIMARY KEY, version integer NOT NULL, transaction_id xid8 NOT NULL,
      global_position bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`);
    await db.query(`INSERT INTO es_projection_checkpoints (name, version, transaction_id, global_position) VALUES ('certifications', 1, '0', 0)`);

    const runner = new ProjectionRunner(handle, [new CertificationProjection()], { batchSize: 50, pollIntervalMs: 20 });
    await runner.start();
    await runner.waitFor(written);
    await runner.stop();
    const migrated = await rows(db);
    expect(migrated.map((r) => r.certification_id)).toEqual(['cert-000', 'cert-001', 'cert-002', 'cert-003', 'cert-004', 'cert-005']);
    for (const row of migrated) {
      const { events } = await store.readStream(certificationStreamId(row.certification_id));
      expect(row.framework_version).toBe((events[0].data as { frameworkVersion: string }).frameworkVersion);
    }
    const { rows: column } = await db.query<{ is_nullable: string; column_default: string | null }>(
      `SELECT is_nullable, column_default FROM information_schema.columns WHERE table_name = 'rm_certifications' AND column_name = 'framework_version'`,
    );
    expect(column).toEqual([{ is_nullable: 'NO', column_default: null }]);
  });

  describe('applyBatch: a batch gives the rows of its events applied one at a time', () => {
    const projection = new CertificationProjection();
    /** The tables after `apply` runs over `events` (each call in its own transaction), from empty. */
    const tablesAfter = async (apply: (tx: SqlExecutor) => Promise<void>) => {
      await handle.readModels.transaction((tx) => projection.reset(tx));
      await handle.readModels.transaction(apply);
      return { rows: await rows(handle.readModels), owners: await owners(handle.readModels) };
    };
    const oneByOne = (events: readonly RecordedEvent[]) =>
      tablesAfter(async (tx) => {
        for (const e of events) await perEventReference(tx, e);
      });
    /** `events` cut into consecutive batches of the given sizes (the last takes the rest). */
    const inBatches = (events: readonly RecordedEvent[], sizes: readonly number[]) =>
      tablesAfter(async (tx) => {
        let from = 0;
        for (const size of sizes) {
          await projection.applyBatch(tx, events.slice(from, from + size));
          from += size;
        }
        await projection.applyBatch(tx, events.slice(from));
      });

    /**
     * `events` cut into batches of `sizes` (the last takes the rest), each prepared on top of the one before (`pending`):
     * before that one is written when `ahead(n)` (as the runner does while the read model is behind: that one's writes
     * are not even sent yet), after it otherwise.
     */
    const pipelined = (events: readonly RecordedEvent[], sizes: readonly number[], ahead: (n: number) => boolean) =>
      tablesAfter(async (tx) => {
        const cuts = [...sizes, events.length];
        let from = cuts[0];
        let pending = await projection.prepareBatch(tx, events.slice(0, from), undefined);
        for (let n = 1; from < events.length; n++) {
          const slice = events.slice(from, (from += cuts[n] ?? events.length));
          let batch;
          if (ahead(n)) {
            batch = await projection.prepareBatch(tx, slice, pending);
            await pending.write(tx);
          } else {
            await pending.write(tx);
            batch = await projection.prepareBatch(tx, slice, pending);
          }
          pending = batch;
        }
        await pending.write(tx);
      });

    /** Appends raw events (any version): logs the commands would refuse, as another writer could leave them. */
    const append = (streamId: string, events: { type: string; data: object }[]) =>
      store.appendToStream(streamId, events as CertificationEvent[], { expectedVersion: 'any', metadata: metadata() });
    const at = '2026-01-01T00:00:00.000Z';
    const model = (modelId: string, firmId: string) => ({
      type: 'ModelRegistered',
      data: { modelId, firmId, name: modelId, kind: { generative: false, generalPurpose: false }, registeredAt: at },
    });
    const issued = (certificationId: string, modelId: string) => ({
      type: 'CertificationIssued',
      data: {
        certificationId,
        certifierId: 'cb-1',
        modelId,
        modelVersion: '1.0',
        weightsDigest: digest(1),
        frameworkVersion: '1.0',
        scope: { useCases: ['lending'], riskTier: 'HIGH' },
        results: [{ requirementId: 'HK-AI-01', result: 'PASS' }],
        auditReportDigest: digest(99),
        validFrom: at,
        validUntil: '2027-01-01T00:00:00.000Z',
      },
    });

    beforeEach(() => projection.setup(handle.readModels));

    it('over 40 random lifecycles: one batch, random cuts, and batches of one equal the per-event statements', async () => {
      await writeLog(store, 40, random(11));
      const events = await readLog(handle);
      const expected = await oneByOne(events);
      expect(expected.rows).toHaveLength(40);
      expect(await inBatches(events, [])).toEqual(expected);
      const next = random(5);
      for (let round = 0; round < 3; round++) {
        const sizes = Array.from({ length: 40 }, () => 1 + Math.floor(next() * 30));
        expect(await inBatches(events, sizes)).toEqual(expected);
      }
      expect(
        await tablesAfter(async (tx) => {
          for (const e of events) await projection.apply(tx, e);
        }),
      ).toEqual(expected);
    });

    it('a batch prepared on top of the one before (pending), before or after that one is written, gives the same rows', async () => {
      // As the runner does while the read model is behind: batch n+1 is prepared while batch n's writes have not
      // committed (here: are not even sent yet) or after they have; what n holds must then come from n, not the tables.
      await writeLog(store, 40, random(23));
      const events = await readLog(handle);
      const expected = await oneByOne(events);
      const next = random(29);
      for (let round = 0; round < 3; round++) {
        const sizes = Array.from({ length: 40 }, () => 1 + Math.floor(next() * 30));
        const ahead = sizes.map(() => next() < 0.5);
        expect(await pipelined(events, sizes, (n) => ahead[n])).toEqual(expected);
      }
    });

    it('a batch prepared on top of one that registered a model again (its stored owner not loaded) keeps the stored owner', async () => {
      // Batch 1: model-a for firm-a (stored); batch 2: model-a again for firm-z, and model-n new for firm-n; batch 3:
      // certifications of both, prepared while batch 2 is not written yet.
      await append('model-model-a', [model('model-a', 'firm-a')]);
      await append('model-model-a2', [model('model-a', 'firm-z'), model('model-n', 'firm-n')]);
      await append('certification-c-a', [issued('c-a', 'model-a')]);
      await append('certification-c-n', [issued('c-n', 'model-n')]);
      const events = await readLog(handle);
      const expected = await oneByOne(events);
      expect(expected.rows.map((r) => [r.certification_id, r.firm_id])).toEqual([
        ['c-a', 'firm-a'],
        ['c-n', 'firm-n'],
      ]);
      for (const ahead of [true, false]) expect(await pipelined(events, [1, 2], () => ahead)).toEqual(expected);
    });

    it('one batch holding a model registration, an issue for it and later events of that certification, edge cases included', async () => {
      // Batch 1 (stored before batch 2): model-a owned by firm-a, c-old issued for it.
      await append('model-model-a', [model('model-a', 'firm-a')]);
      await append('certification-c-old', [issued('c-old', 'model-a')]);
      const first = (await readLog(handle)).length;
      // Batch 2: an issue before its model is registered (no owner then: no row, and its later events change nothing);
      // model-b registered then certified, suspended, reinstated, renewed, amended, suspended again, all in the batch;
      // model-a registered again for another firm (the stored owner stays); c-old changed by the batch.
      await append('certification-c-early', [issued('c-early', 'model-b')]);
      await append('model-model-b', [model('model-b', 'firm-b')]);
      await append('certification-c-new', [issued('c-new', 'model-b')]);
      await append('certification-c-early', [{ type: 'CertificationSuspended', data: { certificationId: 'c-early', reason: 'x', suspendedAt: at } }]);
      await append('certification-c-new', [
        { type: 'CertificationSuspended', data: { certificationId: 'c-new', reason: 'audit', suspendedAt: '2026-02-01T00:00:00.000Z' } },
        { type: 'CertificationReinstated', data: { certificationId: 'c-new', reinstatedAt: '2026-02-02T00:00:00.000Z' } },
      ]);
      await append('model-model-a2', [model('model-a', 'firm-z'), model('model-c', 'firm-c'), model('model-c', 'firm-y')]);
      await append('certification-c-old', [{ type: 'CertificationRevoked', data: { certificationId: 'c-old', reason: 'fraud', revokedAt: at } }]);
      await append('certification-c-new', [
        { type: 'CertificationRenewed', data: { certificationId: 'c-new', validUntil: '2029-01-01T00:00:00.000Z', renewedAt: at } },
        {
          type: 'CertificationScopeAmended',
          data: {
            certificationId: 'c-new',
            scope: { useCases: ['hiring'], riskTier: 'LIMITED' },
            results: [{ requirementId: 'HK-AI-02', result: 'PASS' }],
            amendedAt: at,
          },
        },
        { type: 'CertificationSuspended', data: { certificationId: 'c-new', reason: 'again', suspendedAt: '2026-03-01T00:00:00.000Z' } },
      ]);
      await append('certification-c-none', [{ type: 'CertificationRevoked', data: { certificationId: 'c-none', reason: 'no row', revokedAt: at } }]);
      await append('firm-f', [
        { type: 'FirmRegistered', data: { firmId: 'f', name: 'F', jurisdiction: 'HK' } },
        { type: 'NotARegistryEvent', data: {} },
      ]);
      await append('certification-c-d', [issued('c-d', 'model-c')]);
      const events = await readLog(handle);

      const expected = await oneByOne(events);
      const batched = await inBatches(events, [first]);
      expect(batched).toEqual(expected);
      expect(await inBatches(events, [])).toEqual(expected);
      // What the per-event statements leave, spelled out, so the comparison cannot pass on two empty tables.
      expect(batched.owners).toEqual([
        { model_id: 'model-a', firm_id: 'firm-a' },
        { model_id: 'model-b', firm_id: 'firm-b' },
        { model_id: 'model-c', firm_id: 'firm-c' },
      ]);
      expect(batched.rows.map((r) => [r.certification_id, r.firm_id, r.status, r.version, r.valid_until.toISOString()])).toEqual([
        ['c-d', 'firm-c', 'ACTIVE', 1, '2027-01-01T00:00:00.000Z'],
        ['c-new', 'firm-b', 'SUSPENDED', 6, '2029-01-01T00:00:00.000Z'],
        ['c-old', 'firm-a', 'REVOKED', 2, '2027-01-01T00:00:00.000Z'],
      ]);
      const cNew = certificationStateOf(batched.rows.find((r) => r.certification_id === 'c-new')!);
      expect(cNew).toMatchObject({
        suspension: { reason: 'again' },
        certification: { scope: { useCases: ['hiring'] }, validUntil: '2029-01-01T00:00:00.000Z' },
      });
    });

    it('writes at most six statements per batch, and none for a batch without its events', async () => {
      await writeLog(store, 20, random(13));
      const events = await readLog(handle);
      const statements: string[] = [];
      await handle.readModels.transaction(async (tx) => {
        const counting = { query: (sql: string, params?: unknown[]) => (statements.push(sql), tx.query(sql, params)) } as SqlExecutor;
        await projection.applyBatch(counting, events);
        expect(statements.length).toBeLessThanOrEqual(6);
        statements.length = 0;
        await projection.applyBatch(
          counting,
          events.filter((e) => e.type === 'ModelVersionRegistered'),
        );
      });
      expect(statements).toEqual([]);
      expect(await rows(handle.readModels)).toHaveLength(20);
    });

    it('loads no row for an issue: a certification issued only in the batch is read from no table', async () => {
      await writeLog(store, 8, random(19));
      const events = await readLog(handle);
      const statements: string[] = [];
      await handle.readModels.transaction(async (tx) => {
        const counting = { query: (sql: string, params?: unknown[]) => (statements.push(sql), tx.query(sql, params)) } as SqlExecutor;
        await projection.applyBatch(
          counting,
          events.filter((e) => e.type === 'ModelRegistered' || e.type === 'CertificationIssued'),
        );
      });
      expect(statements.filter((sql) => /FROM rm_certifications\b/.test(sql))).toEqual([]);
      expect(await rows(handle.readModels)).toHaveLength(8);
    });

    it('refuses a certification issued twice, as the per-event INSERT did on its primary key', async () => {
      await writeLog(store, 2, random(17));
      const events = await readLog(handle);
      const issue = events.find((e) => e.type === 'CertificationIssued')!;
      // In one batch: the fold sees it.
      await expect(handle.readModels.transaction((tx) => projection.applyBatch(tx, [...events, issue]))).rejects.toThrow(/issued twice/);
      await expect(
        handle.readModels.transaction(async (tx) => {
          for (const e of [...events, issue]) await perEventReference(tx, e);
        }),
      ).rejects.toThrow();
      // Stored by an earlier batch and not loaded (an issue loads nothing): the INSERT fails on the primary key, and
      // the batch's other writes go with it.
      await handle.readModels.transaction((tx) => projection.applyBatch(tx, events));
      const before = await rows(handle.readModels);
      const suspend = {
        ...issue,
        type: 'CertificationSuspended',
        data: { certificationId: (issue.data as { certificationId: string }).certificationId, reason: 'x', suspendedAt: '2026-05-01T00:00:00.000Z' },
      };
      await expect(handle.readModels.transaction((tx) => projection.applyBatch(tx, [issue, suspend]))).rejects.toThrow();
      await expect(handle.readModels.transaction((tx) => projection.applyBatch(tx, [issue]))).rejects.toThrow();
      expect(await rows(handle.readModels)).toEqual(before);
    });

    it('an issue that writes nothing (no owner) leaves a later event of the batch to the stored row, as one at a time', async () => {
      await writeLog(store, 3, random(23));
      const events = await readLog(handle);
      const issue = events.find((e) => e.type === 'CertificationIssued')!;
      const id = (issue.data as { certificationId: string }).certificationId;
      // The same certification issued again for a model nobody registered, then suspended: the per-event INSERT … SELECT
      // finds no owner and writes nothing, the UPDATE suspends the stored row.
      const orphan = { ...issue, data: { ...(issue.data as object), modelId: 'model-unregistered' } };
      const suspend = { ...issue, type: 'CertificationSuspended', data: { certificationId: id, reason: 'after', suspendedAt: '2026-05-01T00:00:00.000Z' } };
      const expected = await tablesAfter(async (tx) => {
        for (const e of [...events, orphan, suspend]) await perEventReference(tx, e);
      });
      expect(expected.rows.find((r) => r.certification_id === id)!.status).toBe('SUSPENDED');
      expect(await inBatches([...events, orphan, suspend], [events.length])).toEqual(expected);
    });

    it('commits the batch without waiting for the disk, in its own transaction only', async () => {
      await writeLog(store, 2, random(29));
      const events = await readLog(handle);
      const setting = async (db: SqlExecutor) => (await db.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0].synchronous_commit;
      const inside = await handle.readModels.transaction(async (tx) => {
        await projection.applyBatch(tx, events);
        return setting(tx);
      });
      expect(inside).toBe('off');
      expect(await setting(handle.readModels)).toBe('on');
    });

    it('updates most stored rows on their page without touching the indexes (HOT), room kept by the fillfactor', async () => {
      await writeLog(store, 40, random(31));
      const events = await readLog(handle);
      const issues = events.filter((e) => e.type === 'ModelRegistered' || e.type === 'CertificationIssued');
      const later = events.filter((e) => !issues.includes(e));
      /** Updates and HOT updates of the later events' batch, the issues applied in an earlier one (this connection's counts). */
      const updates = () =>
        handle.readModels.transaction(async (tx) => {
          const counts = async () =>
            (
              await tx.query<{ upd: number; hot: number }>(
                `SELECT n_tup_upd::int AS upd, n_tup_hot_upd::int AS hot FROM pg_stat_xact_user_tables WHERE relname = 'rm_certifications'`,
              )
            ).rows[0];
          await projection.reset(tx);
          await projection.applyBatch(tx, issues);
          const before = await counts();
          await projection.applyBatch(tx, later);
          const after = await counts();
          return { upd: after.upd - before.upd, hot: after.hot - before.hot };
        });
      const kept = await updates();
      expect(kept.upd).toBeGreaterThan(20);
      // Within one transaction the old versions cannot be pruned, so pages fill: most, not all, stay on their page.
      expect(kept.hot).toBeGreaterThanOrEqual(kept.upd / 2);
      await handle.readModels.query('ALTER TABLE rm_certifications SET (fillfactor = 100)');
      const full = await updates();
      expect(full.upd).toBe(kept.upd);
      expect(full.hot).toBeLessThan(kept.hot / 2);
    });
  });

  it('sets the fillfactor on a table made without it, keeping its rows', async () => {
    const written = await writeLog(store, 4, random(37));
    const db = handle.readModels;
    const runner = new ProjectionRunner(handle, [new CertificationProjection()], { batchSize: 50, pollIntervalMs: 20 });
    await runner.start();
    await runner.waitFor(written);
    await runner.stop();
    const kept = await rows(db);
    await db.query('ALTER TABLE rm_certifications RESET (fillfactor)');
    const reloptions = async () =>
      (await db.query<{ reloptions: string[] | null }>(`SELECT reloptions FROM pg_class WHERE oid = 'rm_certifications'::regclass`)).rows[0].reloptions;
    expect(await reloptions()).toBeNull();
    await new CertificationProjection().setup(db);
    expect(await reloptions()).toEqual(['fillfactor=70']);
    expect(await rows(db)).toEqual(kept);
    expect(kept).toHaveLength(4);
  });
});
