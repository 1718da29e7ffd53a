import { EventStore, LOG_START, LogPosition, maxPosition, openEventStore, SqlExecutor, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { Actor, fold } from '@registry/kernel';
import { CertificationCommand, certificationDecider, CertificationEvent, certificationStreamId, ModelEvent, modelStreamId } from '@registry/domain';
import { ProjectionRunner } from '@registry/projections';
import { CertificationProjection, CertificationRow } from './certification.projection';

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

describe('certifications read model (PGlite)', () => {
  let handle: StoreHandle;
  let store: EventStore;
  beforeEach(async () => {
    handle = await openEventStore({ kind: 'pglite' });
    store = handle.store;
  });
  afterEach(() => handle.close());

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
      // JSONB reorders keys: compare by value.
      expect(row.state).toEqual(JSON.parse(JSON.stringify(state)));
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
    for (const row of migrated) expect(row.framework_version).toBe(row.state.certification.frameworkVersion);
    const { rows: column } = await db.query<{ is_nullable: string; column_default: string | null }>(
      `SELECT is_nullable, column_default FROM information_schema.columns WHERE table_name = 'rm_certifications' AND column_name = 'framework_version'`,
    );
    expect(column).toEqual([{ is_nullable: 'NO', column_default: null }]);
  });
});
