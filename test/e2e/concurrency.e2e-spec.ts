import { createTestDatabase, TestDatabase } from '../support/postgres';
import { inDays } from './support/fixtures';
import { errorCodes, GraphQLResponse, RunningRegistry } from './support/registry';

/**
 * Races that only a store with concurrent transactions can lose, so this file runs the app on PostgreSQL
 * (PGlite runs one transaction at a time). Each case reproduces a defect found on the old code.
 */
const REGISTER_FIRM = `mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { id name version history { type streamVersion } } }`;
const RENAME_FIRM = `mutation($input: RenameFirmInput!) { renameFirm(input: $input) { id name version } }`;
const CERTIFICATION = `id status version issuedAt history { type streamVersion }`;
const ISSUE = `mutation($input: IssueCertificationInput!) { issueCertification(input: $input) { ${CERTIFICATION} } }`;
const SUSPEND = `mutation($input: SuspendCertificationInput!) { suspendCertification(input: $input) { ${CERTIFICATION} } }`;
const REINSTATE = `mutation($input: ReinstateCertificationInput!) { reinstateCertification(input: $input) { ${CERTIFICATION} } }`;
const MODEL = `mutation($input: RegisterModelInput!) { registerModel(input: $input) { id } }`;
const VERSION = `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { id versions { version } } }`;
const SUSPEND_ACCREDITATION = `mutation($input: SuspendAccreditationInput!) { suspendAccreditation(input: $input) { id status history { type issuedAt } } }`;
const REINSTATE_ACCREDITATION = `mutation($input: ReinstateAccreditationInput!) { reinstateAccreditation(input: $input) { id status } }`;

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

describe('concurrent requests on PostgreSQL', () => {
  let database: TestDatabase;
  let registry: RunningRegistry;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase('concurrency');
    registry = await RunningRegistry.start({ seedDemo: true, env: { DATABASE_URL: database.url } });
    tokens.registrar = await registry.token('REGISTRAR', 'registrar-hk');
    tokens.otherRegistrar = await registry.token('REGISTRAR', 'registrar-deputy');
    tokens.thirdRegistrar = await registry.token('REGISTRAR', 'registrar-third');
    tokens.firm = await registry.token('FIRM', 'harbour-admin', 'harbour-lending');
    tokens.certifier = await registry.token('CERTIFIER', 'hkcb-demo', 'hkcb-demo');
  });
  afterAll(async () => {
    await registry?.stop();
    await database?.drop();
  });

  const ok = <T = any>(r: GraphQLResponse<T>): T => {
    expect(errorCodes(r)).toEqual([]);
    return r.data as T;
  };

  let modelCount = 0;
  /** A new model of harbour-lending with `versions` versions, each with its own digest. */
  const newModel = async (versions: number): Promise<{ modelId: string; digests: string[] }> => {
    const modelId = `race-model-${++modelCount}`;
    ok(
      await registry.gql(
        MODEL,
        { input: { modelId, firmId: 'harbour-lending', name: 'Race', kind: { generative: false, generalPurpose: false } } },
        tokens.firm,
      ),
    );
    const digests = Array.from({ length: versions }, (_, i) => digest(modelCount * 1000 + i));
    for (let i = 0; i < versions; i++) ok(await registry.gql(VERSION, { input: { modelId, version: `1.${i}`, weightsDigest: digests[i] } }, tokens.firm));
    return { modelId, digests };
  };

  const issueInput = (certificationId: string, modelId: string, modelVersion: string, weightsDigest: string) => ({
    certificationId,
    certifierId: 'hkcb-demo',
    modelId,
    modelVersion,
    weightsDigest,
    frameworkVersion: '0.9-draft',
    scope: { useCases: ['lending'], riskTier: 'HIGH' },
    results: [{ requirementId: 'HK-AI-01', result: 'PASS' }],
    auditReportDigest: digest(7),
    validFrom: inDays(-1),
    validUntil: inDays(365),
  });

  it('gives every copy of a keyed request sent at once the first answer (200 pairs), and writes it once', async () => {
    const before = await registry.eventCount();
    for (let batch = 0; batch < 10; batch++) {
      const pairs = Array.from({ length: 20 }, (_, i) => {
        const input = { firmId: `dup-${batch}-${i}`, name: `Duplicate ${batch}-${i}`, jurisdiction: 'HK', idempotencyKey: `dup-key-${batch}-${i}` };
        return Promise.all([registry.gql(REGISTER_FIRM, { input }, tokens.registrar), registry.gql(REGISTER_FIRM, { input }, tokens.registrar)]);
      });
      for (const [a, b] of await Promise.all(pairs)) {
        expect(errorCodes(a)).toEqual([]);
        expect(errorCodes(b)).toEqual([]);
        expect(b.data).toEqual(a.data);
      }
    }
    expect(await registry.eventCount()).toBe(before + 200);
  });

  it('keeps idempotency keys per caller: another caller can neither squat nor probe a key', async () => {
    const key = 'shared-key-1';
    const mine = ok(await registry.gql(REGISTER_FIRM, { input: { firmId: 'scoped-a', name: 'A', jurisdiction: 'HK', idempotencyKey: key } }, tokens.registrar));
    // The same key from another caller is another request: it is decided on its own, not refused or replayed.
    const theirs = ok(
      await registry.gql(REGISTER_FIRM, { input: { firmId: 'scoped-b', name: 'B', jurisdiction: 'HK', idempotencyKey: key } }, tokens.otherRegistrar),
    );
    expect(mine.registerFirm.id).toBe('scoped-a');
    expect(theirs.registerFirm.id).toBe('scoped-b');
    // My very request under my key, from someone else: decided afresh (and refused), never my answer replayed.
    const probe = await registry.gql(
      REGISTER_FIRM,
      { input: { firmId: 'scoped-a', name: 'A', jurisdiction: 'HK', idempotencyKey: key } },
      tokens.thirdRegistrar,
    );
    expect(errorCodes(probe)).toEqual(['CONFLICT/FIRM.ALREADY_REGISTERED']);
  });

  it('answers a replayed request with the entity as of its own write, not as it is today', async () => {
    const first = ok(
      await registry.gql(REGISTER_FIRM, { input: { firmId: 'replayed', name: 'Before', jurisdiction: 'HK', idempotencyKey: 'replay-1' } }, tokens.registrar),
    );
    ok(await registry.gql(RENAME_FIRM, { input: { firmId: 'replayed', name: 'After' } }, tokens.registrar));
    const replay = ok(
      await registry.gql(REGISTER_FIRM, { input: { firmId: 'replayed', name: 'Before', jurisdiction: 'HK', idempotencyKey: 'replay-1' } }, tokens.registrar),
    );
    expect(replay).toEqual(first);
    expect(replay.registerFirm).toMatchObject({ name: 'Before', version: 1, history: [{ type: 'FirmRegistered', streamVersion: 1 }] });

    const { modelId, digests } = await newModel(1);
    ok(await registry.gql(ISSUE, { input: issueInput('replay-cert', modelId, '1.0', digests[0]) }, tokens.certifier));
    const suspended = ok(
      await registry.gql(SUSPEND, { input: { certificationId: 'replay-cert', reason: 'audit', idempotencyKey: 'suspend-1' } }, tokens.certifier),
    );
    ok(await registry.gql(REINSTATE, { input: { certificationId: 'replay-cert' } }, tokens.certifier));
    const again = ok(
      await registry.gql(SUSPEND, { input: { certificationId: 'replay-cert', reason: 'audit', idempotencyKey: 'suspend-1' } }, tokens.certifier),
    );
    expect(again).toEqual(suspended);
    expect(again.suspendCertification.status).toBe('SUSPENDED');
  });

  it('answers each of racing mutations with its own write (a suspension never answers ACTIVE)', async () => {
    const { modelId, digests } = await newModel(1);
    ok(await registry.gql(ISSUE, { input: issueInput('busy-cert', modelId, '1.0', digests[0]) }, tokens.certifier));
    for (let round = 0; round < 10; round++) {
      const [suspend, reinstate] = await Promise.all([
        registry.gql(SUSPEND, { input: { certificationId: 'busy-cert', reason: `round ${round}` } }, tokens.certifier),
        new Promise((r) => setTimeout(r, 3)).then(() => registry.gql(REINSTATE, { input: { certificationId: 'busy-cert' } }, tokens.certifier)),
      ]);
      const s = ok(suspend).suspendCertification;
      expect(s.status).toBe('SUSPENDED');
      expect(s.history[s.history.length - 1]).toEqual({ type: 'CertificationSuspended', streamVersion: s.version });
      if (!reinstate || (reinstate as GraphQLResponse).errors) {
        // Reinstated before the suspension existed: refused, then reinstate now to start the next round clean.
        ok(await registry.gql(REINSTATE, { input: { certificationId: 'busy-cert' } }, tokens.certifier));
      } else {
        const r = (reinstate as GraphQLResponse).data.reinstateCertification;
        expect(r.status).toBe('ACTIVE');
        expect(r.history[r.history.length - 1]).toEqual({ type: 'CertificationReinstated', streamVersion: r.version });
      }
    }
  });

  it('never issues a certification with an issue time inside a suspension of the accreditation that raced it', async () => {
    for (let round = 0; round < 5; round++) {
      const { modelId, digests } = await newModel(6);
      const [suspension, ...issues] = await Promise.all([
        registry.gql(SUSPEND_ACCREDITATION, { input: { certifierId: 'hkcb-demo', reason: `race ${round}` } }, tokens.registrar),
        ...digests.map((d, i) => registry.gql(ISSUE, { input: issueInput(`race-${round}-${i}`, modelId, `1.${i}`, d) }, tokens.certifier)),
      ]);
      const history = ok(suspension).suspendAccreditation.history;
      const suspendedAt = Date.parse(history[history.length - 1].issuedAt);
      for (const issue of issues) {
        if (issue.errors) expect(errorCodes(issue)).toEqual(['FORBIDDEN/CERTIFICATION.OUTSIDE_ACCREDITATION']);
        // Decided no later than the suspension. The store orders decisions by time, not strictly: an issue decided in the
        // suspension's own millisecond, before it in the log, is kept (this assertion was strict and failed once when
        // the two fell in one millisecond, 26 Nov).
        else expect(Date.parse(issue.data.issueCertification.issuedAt)).toBeLessThanOrEqual(suspendedAt);
      }
      ok(await registry.gql(REINSTATE_ACCREDITATION, { input: { certifierId: 'hkcb-demo' } }, tokens.registrar));
    }
  });

  it('lets independent commands on one stream all succeed under contention (10 versions of one model at once)', async () => {
    for (let round = 0; round < 3; round++) {
      const { modelId } = await newModel(0);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          registry.gql(VERSION, { input: { modelId, version: `2.${i}`, weightsDigest: digest(90_000 + round * 100 + i) } }, tokens.firm),
        ),
      );
      for (const r of results) expect(errorCodes(r)).toEqual([]);
    }
  });
});
