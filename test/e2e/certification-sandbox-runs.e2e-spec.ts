import { randomUUID } from 'node:crypto';
import { sandboxRunStreamId } from '@registry/domain';
import { Actor } from '@registry/kernel';
import { ProjectionRunner } from '@registry/projections';
import { generateApplicants } from '@registry/sandbox';
import { CertificationContextService } from '../../apps/registry-api/src/certifications/certification-context.service';
import { demoRunId } from '../../apps/registry-api/src/sandbox/sandbox.demo';
import { digest, lendingCertification } from './support/fixtures';
import { errorCodes, ok, RunningRegistry } from './support/registry';
import { LEGACY_LENDING, lendingUploadRun, publishLegacyLendingSuite } from './support/sandbox-runs';

const CERTIFICATION = `id status modelId modelVersion weightsDigest sandboxRunIds version history { type data }`;
const ISSUE = `mutation($input: IssueCertificationInput!) { issueCertification(input: $input) { ${CERTIFICATION} } }`;
const GET = `query($id: ID!) { certification(id: $id) { ${CERTIFICATION} } }`;
const LIST = `query($modelId: ID) { certifications(modelId: $modelId) { edges { node { id sandboxRunIds } } } }`;
const RUN = `query($id: ID!) { sandboxRun(id: $id) { id status passed modelId modelVersion weightsDigest } }`;
const MODEL = `mutation($m: RegisterModelInput!, $v: RegisterModelVersionInput!, $w: RegisterModelVersionInput!) {
  registerModel(input: $m) { id } one: registerModelVersion(input: $v) { id } two: registerModelVersion(input: $w) { id } }`;

const LOANLENS_1 = { modelId: 'loanlens', modelVersion: '1.0', weightsDigest: digest('1') };
const LOANLENS_2 = { modelId: 'loanlens', modelVersion: '2.0', weightsDigest: digest('2') };

/**
 * Issue 10: a certifier cites sandbox runs when issuing. Runs are produced over HTTP as a firm would (request, download
 * the features, upload a reference model's predictions); each refusal is checked for its code and for appending nothing.
 */
describe('issueCertification citing sandbox runs, over HTTP (embedded store, demo catalog)', () => {
  let registry: RunningRegistry;
  const tokens: Record<'issuer' | 'otherCertifier' | 'registrar' | 'regulator' | 'owner' | 'otherFirm', string> = {} as never;
  const runs: Record<'passing' | 'passingToo' | 'failing' | 'waiting' | 'otherVersion' | 'otherModel' | 'otherWeights', string> = {} as never;

  const issue = (certificationId: string, sandboxRunIds: unknown, token: string | null = tokens.issuer, over: Record<string, unknown> = {}) =>
    registry.gql(ISSUE, { input: lendingCertification(certificationId, { sandboxRunIds, ...over }) }, token ?? undefined);

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    tokens.issuer = await registry.token('CERTIFIER', 'hkcb-demo', 'hkcb-demo');
    tokens.otherCertifier = await registry.token('CERTIFIER', 'cb-002', 'cb-002');
    tokens.registrar = await registry.token('REGISTRAR', 'registrar-hk');
    tokens.regulator = await registry.token('REGULATOR', 'eu-ai-office', 'EU');
    tokens.owner = await registry.token('FIRM', 'harbour-admin', 'harbour-lending');
    tokens.otherFirm = await registry.token('FIRM', 'cathay-admin', 'cathay-vision');
    ok(
      await registry.gql(
        MODEL,
        {
          m: { modelId: 'loanlens', firmId: 'harbour-lending', name: 'LoanLens', kind: { generative: false, generalPurpose: false } },
          v: { modelId: 'loanlens', version: '1.0', weightsDigest: digest('1') },
          w: { modelId: 'loanlens', version: '2.0', weightsDigest: digest('2') },
        },
        tokens.owner,
      ),
    );
    runs.passing = await lendingUploadRun(registry, tokens.owner, LOANLENS_1, 'fair');
    runs.passingToo = await lendingUploadRun(registry, tokens.owner, LOANLENS_1, 'fair');
    runs.failing = await lendingUploadRun(registry, tokens.owner, LOANLENS_1, 'proxy-biased');
    runs.waiting = await lendingUploadRun(registry, tokens.owner, LOANLENS_1, null);
    runs.otherVersion = await lendingUploadRun(registry, tokens.owner, LOANLENS_2, 'fair');
    // The demo catalog's passing run of creditscope 2.1.
    runs.otherModel = demoRunId('creditscope@2.1:fair');
    // A passing run of loanlens 1.0 naming other weights. The sandbox refuses to request one (the digest must be the
    // version's), so it is written to the log directly, as a copy of a real run's events: what the decider must still
    // refuse if such a run ever were in the log (imported, or the version's digest read differently).
    runs.otherWeights = 'forged-other-weights';
    const { events } = await registry.store.readStream(sandboxRunStreamId(runs.passing));
    await registry.store.appendToStream(
      sandboxRunStreamId(runs.otherWeights),
      events.map((e) => ({ type: e.type, data: { ...(e.data as object), runId: runs.otherWeights, weightsDigest: digest('9') } })),
      { expectedVersion: 0, metadata: metadataOf({ subject: 'harbour-admin', role: 'FIRM', scope: 'harbour-lending' }) },
    );
  }, 120_000);
  afterAll(() => registry.stop());

  it('the runs are what their names say (public reads)', async () => {
    const run = async (id: string) => ok(await registry.gql(RUN, { id })).sandboxRun;
    expect(await run(runs.passing)).toMatchObject({ status: 'COMPLETED', passed: true, modelVersion: '1.0', weightsDigest: digest('1') });
    expect(await run(runs.failing)).toMatchObject({ status: 'COMPLETED', passed: false });
    expect(await run(runs.waiting)).toMatchObject({ status: 'REQUESTED', passed: null });
    expect(await run(runs.otherVersion)).toMatchObject({ status: 'COMPLETED', passed: true, modelVersion: '2.0' });
    expect(await run(runs.otherModel)).toMatchObject({ status: 'COMPLETED', passed: true, modelId: 'creditscope' });
    expect(await run(runs.otherWeights)).toMatchObject({ status: 'COMPLETED', passed: true, modelVersion: '1.0', weightsDigest: digest('9') });
  });

  describe('refusals: each with its code, appending nothing', () => {
    it.each([
      ['a run that does not exist', () => ['no-such-run'], 'NOT_FOUND/CERTIFICATION.SANDBOX_RUN_NOT_FOUND'],
      ['one unknown run among passing ones', () => [runs.passing, 'no-such-run'], 'NOT_FOUND/CERTIFICATION.SANDBOX_RUN_NOT_FOUND'],
      ['a run not completed (requested, no predictions yet)', () => [runs.waiting], 'CONFLICT/CERTIFICATION.SANDBOX_RUN_NOT_COMPLETED'],
      ['a completed run that failed its checks', () => [runs.passing, runs.failing], 'CONFLICT/CERTIFICATION.SANDBOX_RUN_NOT_PASSED'],
      ['a passing run of another version of the model', () => [runs.otherVersion], 'CONFLICT/CERTIFICATION.SANDBOX_RUN_OTHER_MODEL_VERSION'],
      ['a passing run of another model', () => [runs.otherModel], 'CONFLICT/CERTIFICATION.SANDBOX_RUN_OTHER_MODEL_VERSION'],
      ['a passing run of other weights', () => [runs.otherWeights], 'CONFLICT/CERTIFICATION.SANDBOX_RUN_DIGEST_MISMATCH'],
    ])('refuses %s', async (_, ids, expected) => {
      await registry.refused(() => issue('loanlens-1-0-cited', ids()), expected);
    });

    it.each([
      ['chatbots only', ['chatbot']],
      ['hiring only', ['hiring']],
      ['chatbots and hiring', ['chatbot', 'hiring']],
    ])('refuses a passing lending run cited by a certification of %s (the suite tests none of its use cases)', async (_, useCases) => {
      await registry.refused(
        () => issue('loanlens-1-0-cited', [runs.passing], tokens.issuer, { scope: { useCases, riskTier: 'HIGH' } }),
        'CONFLICT/CERTIFICATION.SANDBOX_RUN_OUT_OF_SCOPE',
      );
    });

    it('refuses anyone but the certifier named, whatever runs are cited', async () => {
      await registry.refused(() => issue('loanlens-1-0-cited', [runs.passing], null), 'UNAUTHENTICATED/AUTH.REQUIRED');
      for (const token of [tokens.otherCertifier, tokens.registrar, tokens.regulator, tokens.owner, tokens.otherFirm])
        await registry.refused(() => issue('loanlens-1-0-cited', [runs.passing], token), 'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER');
    });

    it.each([
      ['more than ten runs', () => Array.from({ length: 11 }, (_, i) => `run-${i}`), 'sandboxRunIds'],
      ['a run cited twice', () => [runs.passing, runs.passing], 'sandboxRunIds'],
      ['a NUL character in an id', () => ['run\u0000one'], 'sandboxRunIds.0'],
      ['an id over 64 characters', () => ['r'.repeat(65)], 'sandboxRunIds'],
      ['a 100,000-character id', () => ['r'.repeat(100_000)], 'sandboxRunIds'],
      ['an empty id', () => [''], 'sandboxRunIds'],
      ['an id with a slash (a path into another stream)', () => ['../certification-x'], 'sandboxRunIds'],
      ['a list of 5,000 ids', () => Array.from({ length: 5000 }, (_, i) => `run-${i}`), 'sandboxRunIds'],
    ])('refuses %s at the edge, naming %s', async (_, ids, field) => {
      // A NUL is refused by the edge's text guard, which names the element; the other rules name the list.
      await registry.refusedNaming(() => issue('loanlens-1-0-cited', ids()), field);
    });

    it('refuses a list of non-ids in the schema, before any resolver runs', async () => {
      await registry.refused(() => issue('loanlens-1-0-cited', [{ id: runs.passing }]), 'BAD_USER_INPUT/GRAPHQL.BAD_USER_INPUT');
    });
  });

  describe('citing passing runs', () => {
    it('issues a certification citing passing runs of the exact weights: in the answer, its history, its read and the list, for anyone', async () => {
      const before = await registry.eventCount();
      const input = lendingCertification('loanlens-1-0-cited', { sandboxRunIds: [runs.passingToo, runs.passing], idempotencyKey: 'cite-1' });
      const { issueCertification: c } = ok(await registry.gql(ISSUE, { input }, tokens.issuer));
      expect(await registry.eventCount()).toBe(before + 1);
      expect(c).toMatchObject({ id: 'loanlens-1-0-cited', status: 'ACTIVE', modelVersion: '1.0', sandboxRunIds: [runs.passingToo, runs.passing], version: 1 });
      expect(c.history).toHaveLength(1);
      expect(c.history[0]).toMatchObject({ type: 'CertificationIssued', data: { sandboxRunIds: [runs.passingToo, runs.passing] } });

      // Public: anonymous readers see the cited runs, in the history too, and can read each run.
      const anonymous = ok(await registry.gql(GET, { id: 'loanlens-1-0-cited' })).certification;
      expect(anonymous.sandboxRunIds).toEqual([runs.passingToo, runs.passing]);
      expect(anonymous.history[0].data.sandboxRunIds).toEqual([runs.passingToo, runs.passing]);
      for (const id of anonymous.sandboxRunIds) expect(ok(await registry.gql(RUN, { id })).sandboxRun).toMatchObject({ passed: true });
      // The list reads the rm_certifications row: the same state, the same cited runs.
      const listed = ok(await registry.gql(LIST, { modelId: 'loanlens' })).certifications.edges.map((e: { node: unknown }) => e.node);
      expect(listed).toContainEqual({ id: 'loanlens-1-0-cited', sandboxRunIds: [runs.passingToo, runs.passing] });

      // The same key and request answers the first answer; the same key citing other runs is another request.
      const replayed = ok(await registry.gql(ISSUE, { input }, tokens.issuer)).issueCertification;
      expect(replayed.sandboxRunIds).toEqual([runs.passingToo, runs.passing]);
      expect(await registry.eventCount()).toBe(before + 1);
      await registry.refused(
        () => registry.gql(ISSUE, { input: { ...input, sandboxRunIds: [runs.passing] } }, tokens.issuer),
        'CONFLICT/EVENT_STORE.IDEMPOTENCY_KEY_REUSED',
      );
    });

    it('issues one citing none as before: an empty list, and no field in the event', async () => {
      for (const [id, cited] of [
        ['loanlens-1-0-none', undefined],
        ['loanlens-1-0-empty', []],
        ['loanlens-1-0-null', null],
      ] as const) {
        const c = ok(await issue(id, cited)).issueCertification;
        expect(c.sandboxRunIds).toEqual([]);
        expect(c.history[0].data).not.toHaveProperty('sandboxRunIds');
      }
      const listed = ok(await registry.gql(LIST, { modelId: 'loanlens' })).certifications.edges.map((e: { node: unknown }) => e.node);
      expect(listed).toContainEqual({ id: 'loanlens-1-0-none', sandboxRunIds: [] });
    });

    it("reads each cited run's stream as a condition of the append: a run that moves after the look-up makes the decision run again", async () => {
      const context = registry.app.get(CertificationContextService);
      const lookUp = context.forIssue.bind(context);
      let lookUps = 0;
      // Between the look-up (which saw the run passed) and the append, the run's stream gains an event: here one that
      // marks it failed, written to the log directly (no sandbox command could, a finished run being final).
      const spy = jest.spyOn(context, 'forIssue').mockImplementation(async (...args) => {
        const found = await lookUp(...args);
        if (lookUps++ === 0) {
          const { events, version } = await registry.store.readStream(sandboxRunStreamId(runs.passingToo));
          const requested = events[0].data as Record<string, unknown>;
          const { mode: _m, endpoint: _e, rows: _r, requestedAt: _t, ...subject } = requested;
          await registry.store.appendToStream(
            sandboxRunStreamId(runs.passingToo),
            [{ type: 'SandboxRunFailed', data: { ...subject, reason: 'INVALIDATED', message: 'test', failedAt: new Date().toISOString() } }],
            { expectedVersion: version, metadata: metadataOf({ subject: 'sandbox', role: 'SYSTEM' }) },
          );
        }
        return found;
      });
      try {
        const before = await registry.eventCount();
        const r = await issue('loanlens-1-0-raced', [runs.passingToo]);
        expect(errorCodes(r)).toEqual(['CONFLICT/CERTIFICATION.SANDBOX_RUN_NOT_COMPLETED']);
        expect(lookUps).toBe(2);
        // Only the run's own new event: the certification appended nothing.
        expect(await registry.eventCount()).toBe(before + 1);
        expect(ok(await registry.gql(GET, { id: 'loanlens-1-0-raced' })).certification).toBeNull();
      } finally {
        spy.mockRestore();
      }
      // The certification cited before the change keeps its citation: it records what held when it was issued.
      expect(ok(await registry.gql(GET, { id: 'loanlens-1-0-cited' })).certification.sandboxRunIds).toEqual([runs.passingToo, runs.passing]);
    });
  });
});

describe('issueCertification citing a run: the suite version it ran under (embedded store, demo catalog)', () => {
  const PUBLISH = `mutation($input: PublishSandboxSuiteInput!) { publishSandboxSuite(input: $input) { version } }`;
  /** A version as the registry wrote them before generator 2: no generatorVersion, labels anyone can recompute. */
  let registry: RunningRegistry;
  let issuer: string;
  let owner: string;
  let registrar: string;
  let passing: string;
  const issue = (certificationId: string, sandboxRunIds: string[]) =>
    registry.gql(ISSUE, { input: lendingCertification(certificationId, { sandboxRunIds }) }, issuer);

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    issuer = await registry.token('CERTIFIER', 'hkcb-demo', 'hkcb-demo');
    owner = await registry.token('FIRM', 'harbour-admin', 'harbour-lending');
    registrar = await registry.token('REGISTRAR', 'registrar-hk');
    ok(
      await registry.gql(
        `mutation($m: RegisterModelInput!, $v: RegisterModelVersionInput!) { registerModel(input: $m) { id } registerModelVersion(input: $v) { id } }`,
        {
          m: { modelId: 'loanlens', firmId: 'harbour-lending', name: 'LoanLens', kind: { generative: false, generalPurpose: false } },
          v: { modelId: 'loanlens', version: '1.0', weightsDigest: digest('1') },
        },
        owner,
      ),
    );
    passing = await lendingUploadRun(registry, owner, LOANLENS_1, 'fair');
  }, 120_000);
  afterAll(() => registry.stop());

  it("reads the run's suite as a condition of the append: a version published after the look-up supersedes the run's, and the decision runs again", async () => {
    const context = registry.app.get(CertificationContextService);
    const lookUp = context.forIssue.bind(context);
    let lookUps = 0;
    const spy = jest.spyOn(context, 'forIssue').mockImplementation(async (...args) => {
      const found = await lookUp(...args);
      // The look-up saw the run's version in force; the registrar publishes its successor before the append.
      if (lookUps++ === 0)
        ok(await registry.gql(PUBLISH, { input: { suiteId: 'lending', version: 'keyed-2', seed: 11, size: 2000, baseRate: 0.5 } }, registrar));
      return found;
    });
    try {
      const before = await registry.eventCount();
      expect(errorCodes(await issue('loanlens-1-0-raced', [passing]))).toEqual(['CONFLICT/CERTIFICATION.SANDBOX_RUN_SUITE_NOT_IN_FORCE']);
      // Decided again (today: the moved suite stream, then the stale decision time, since at the first decision's
      // instant the new version had not yet taken effect; decided at the present, the run's version is superseded).
      expect(lookUps).toBeGreaterThanOrEqual(2);
      // Only the suite's new version: the certification appended nothing.
      expect(await registry.eventCount()).toBe(before + 1);
      expect(ok(await registry.gql(GET, { id: 'loanlens-1-0-raced' })).certification).toBeNull();
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses a passing run under a superseded suite version, appending nothing', async () => {
    await registry.refused(() => issue('loanlens-1-0-superseded', [passing]), 'CONFLICT/CERTIFICATION.SANDBOX_RUN_SUITE_NOT_IN_FORCE');
  });

  it('refuses a passing run under a suite version with public randomness (generator 1), in force or superseded, appending nothing', async () => {
    await publishLegacyLendingSuite(registry, metadataOf({ subject: 'registrar-hk', role: 'REGISTRAR' }));
    await registry.app.get(ProjectionRunner).catchUp();
    // A firm passes it with the labels the public generator gives: the very reason such a pass proves nothing.
    const runId: string = ok(
      await registry.gql(
        `mutation($input: RequestSandboxRunInput!) { requestSandboxRun(input: $input) { id suiteVersion } }`,
        { input: { ...LOANLENS_1, suiteId: 'lending', mode: 'UPLOAD' } },
        owner,
      ),
    ).requestSandboxRun.id;
    const base = registry.url.replace(/\/graphql$/, '');
    const response = await fetch(`${base}/sandbox/runs/${encodeURIComponent(runId)}/predictions`, {
      method: 'POST',
      body: `rowId,prediction\n${[...generateApplicants(LEGACY_LENDING)].map((a) => `${a.rowId},${a.label}`).join('\n')}\n`,
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${owner}` },
    });
    const { run } = (await response.json()) as { run: { passed: boolean; suiteVersion: string } };
    expect([response.status, run.passed, run.suiteVersion]).toEqual([200, true, 'legacy-1']);
    await registry.refused(() => issue('loanlens-1-0-public', [runId]), 'CONFLICT/CERTIFICATION.SANDBOX_RUN_PUBLIC_RANDOMNESS');
    // Superseded by a keyed version, it is still refused for what it is.
    ok(await registry.gql(PUBLISH, { input: { suiteId: 'lending', version: 'keyed-3', seed: 12, size: 2000, baseRate: 0.5 } }, registrar));
    await registry.refused(() => issue('loanlens-1-0-public', [runId]), 'CONFLICT/CERTIFICATION.SANDBOX_RUN_PUBLIC_RANDOMNESS');
  });
});

const metadataOf = (actor: Actor) => ({ actor, issuedAt: new Date().toISOString(), correlationId: randomUUID(), causationId: null, commandId: randomUUID() });
