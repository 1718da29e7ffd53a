import { demoDigest } from '../../apps/registry-api/src/demo/demo-catalog';
import { demoTokens, DemoTokens, digest, registerPearlChatVersion } from './support/fixtures';
import { errorCodes, fieldsOf, RunningRegistry } from './support/registry';

const PROVENANCE = `modelId version weightsDigest digestMatchesVersion recordedAt sources { sourceId name legalBasis digest location basisReference }
  history { type position data actor { subject role actingFor } }`;
const RECORD = `mutation($input: RecordTrainingDataProvenanceInput!) { recordTrainingDataProvenance(input: $input) { ${PROVENANCE} } }`;
const GET = `query($m: ID!, $v: String!) { trainingDataProvenance(modelId: $m, version: $v) { ${PROVENANCE} } }`;
const VERDICT = `query($input: ExportReadinessInput!) { exportReadiness(input: $input) { status lines { requirement { framework requirementId } status reason evidence { type position } } } }`;

const D11 = digest('1');
const OTHER = digest('2');
const web = {
  sourceId: 'web-zh-2025',
  name: 'Chinese web text 2025',
  legalBasis: 'TDM_EXCEPTION',
  digest: digest('3'),
  location: 'crawl bucket 7',
  basisReference: 'TDMRep opt-outs honoured, log 2025-11',
};
const logs = {
  sourceId: 'support-logs',
  name: 'Support transcripts',
  legalBasis: 'CONSENT',
  digest: null,
  location: 'support DB',
  basisReference: 'consent form v3',
};

describe('training-data provenance over HTTP (HK-AI-06)', () => {
  let registry: RunningRegistry;
  let t: DemoTokens;
  const input = (over: Record<string, unknown> = {}) => ({ modelId: 'pearl-chat', version: '1.1', weightsDigest: D11, sources: [web, logs], ...over });
  const hk06 = async (version: string) =>
    (await registry.gql(VERDICT, { input: { modelId: 'pearl-chat', version, jurisdiction: 'HK', useCase: 'chatbot' } })).data.exportReadiness.lines.find(
      (l: { requirement: { requirementId: string } }) => l.requirement.requirementId === 'HK-AI-06',
    );

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    t = await demoTokens(registry);
    // Setup: a second, uncertified version of pearl-chat with no provenance yet.
    await registerPearlChatVersion(registry, '1.1', D11);
  });
  afterAll(() => registry.stop());

  it('the demo models carry provenance: HK-AI-06 SATISFIED for pearl-chat 1.0', async () => {
    expect(await hk06('1.0')).toMatchObject({ status: 'SATISFIED', reason: 'SATISFIED_BY_PROVENANCE' });
    const demo = (await registry.gql(GET, { m: 'pearl-chat', v: '1.0' })).data.trainingDataProvenance;
    expect(demo).toMatchObject({ weightsDigest: demoDigest('pearl-chat@1.0'), digestMatchesVersion: true });
  });

  it('is a GAP PROVENANCE_MISSING before any record; the record reads null', async () => {
    expect(await hk06('1.1')).toMatchObject({ status: 'GAP', reason: 'PROVENANCE_MISSING' });
    expect((await registry.gql(GET, { m: 'pearl-chat', v: '1.1' })).data.trainingDataProvenance).toBeNull();
  });

  it('a source without a basis is recorded, and the line is a GAP PROVENANCE_SOURCE_WITHOUT_BASIS', async () => {
    const r = await registry.gql(RECORD, { input: input({ sources: [web, { ...logs, legalBasis: null }] }) }, t.owner);
    expect(r.errors).toBeUndefined();
    expect(r.data.recordTrainingDataProvenance.sources[1]).toMatchObject({ sourceId: 'support-logs', legalBasis: null, location: 'support DB' });
    expect(await hk06('1.1')).toMatchObject({ status: 'GAP', reason: 'PROVENANCE_SOURCE_WITHOUT_BASIS' });
  });

  it('a record naming other weights is a GAP PROVENANCE_DIGEST_MISMATCH', async () => {
    const r = await registry.gql(RECORD, { input: input({ weightsDigest: OTHER }) }, t.owner);
    expect(r.errors).toBeUndefined();
    expect(r.data.recordTrainingDataProvenance.digestMatchesVersion).toBe(false);
    expect(await hk06('1.1')).toMatchObject({ status: 'GAP', reason: 'PROVENANCE_DIGEST_MISMATCH' });
  });

  it('a record for the exact weights with a basis for every source SATISFIES HK-AI-06, citing the event', async () => {
    const r = await registry.gql(RECORD, { input: input({ idempotencyKey: 'prov-1' }) }, t.owner);
    expect(r.errors).toBeUndefined();
    const record = r.data.recordTrainingDataProvenance;
    expect(record).toMatchObject({
      digestMatchesVersion: true,
      sources: [
        { sourceId: 'web-zh-2025', legalBasis: 'TDM_EXCEPTION', basisReference: web.basisReference },
        { sourceId: 'support-logs', legalBasis: 'CONSENT' },
      ],
    });
    expect(record.history.map((h: { type: string }) => h.type)).toEqual([
      'TrainingDataProvenanceRecorded',
      'TrainingDataProvenanceRecorded',
      'TrainingDataProvenanceRecorded',
    ]);
    expect(record.history[2].actor).toEqual({ subject: 'pearl-admin', role: 'FIRM', actingFor: 'pearl-river-gen' });
    const line = await hk06('1.1');
    expect(line).toMatchObject({ status: 'SATISFIED', reason: 'SATISFIED_BY_PROVENANCE' });
    expect(line.evidence).toContainEqual({ type: 'TrainingDataProvenanceRecorded', position: record.history[2].position });
    // A replay under the same key writes nothing; the same record again is refused as unchanged.
    const before = await registry.eventCount();
    expect((await registry.gql(RECORD, { input: input({ idempotencyKey: 'prov-1' }) }, t.owner)).errors).toBeUndefined();
    expect(await registry.eventCount()).toBe(before);
    await registry.refused(() => registry.gql(RECORD, { input: input() }, t.owner), 'CONFLICT/PROVENANCE.UNCHANGED');
  });

  it('shows locations and basis references (in the record and its history) only to those entitled', async () => {
    for (const [who, token, entitled] of [
      ['anonymous', undefined, false],
      ['another firm', t.otherFirm, false],
      ['a certifier of another version only', t.certifier, false],
      ['a regulator', t.regulator, true],
      ['the registrar', t.registrar, true],
      ['the owner', t.owner, true],
    ] as const) {
      const p = (await registry.gql(GET, { m: 'pearl-chat', v: '1.1' }, token)).data.trainingDataProvenance;
      expect([who, p.sources[0].name, p.sources[0].location, p.sources[0].basisReference, p.history[2].data.sourceDetails?.[0]?.location ?? null]).toEqual(
        entitled ? [who, web.name, web.location, web.basisReference, web.location] : [who, web.name, null, null, null],
      );
    }
    // The demo certifier certified 1.0: it reads 1.0's details.
    expect((await registry.gql(GET, { m: 'pearl-chat', v: '1.0' }, t.certifier)).data.trainingDataProvenance.sources[0].location).not.toBeNull();
  });

  it('refuses anyone but the owning firm and an unknown version, appending nothing', async () => {
    await registry.refused(() => registry.gql(RECORD, { input: input({ sources: [web] }) }), 'UNAUTHENTICATED/AUTH.REQUIRED');
    for (const token of [t.otherFirm, t.registrar, t.regulator, t.certifier])
      await registry.refused(() => registry.gql(RECORD, { input: input({ sources: [web] }) }, token), 'FORBIDDEN/PROVENANCE.NOT_MODEL_OWNER');
    await registry.refused(() => registry.gql(RECORD, { input: input({ version: '9.9' }) }, t.owner), 'NOT_FOUND/PROVENANCE.MODEL_VERSION_NOT_FOUND');
    await registry.refused(() => registry.gql(RECORD, { input: input({ modelId: 'ghost-model' }) }, t.owner), 'NOT_FOUND/PROVENANCE.MODEL_VERSION_NOT_FOUND');
    await registry.refused(() => registry.gql(RECORD, { input: input({ sources: [web, web] }) }, t.owner), 'BAD_USER_INPUT/PROVENANCE.INVALID');
  });

  it.each([
    ['weightsDigest', { weightsDigest: 'sha256:ABC' }],
    ['sources', { sources: [] }],
    ['sources.0.sourceId', { sources: [{ ...web, sourceId: '<img src=x onerror=alert(1)>' }] }],
    ['sources.0.digest', { sources: [{ ...web, digest: 'md5:d41d8cd98f00b204e9800998ecf8427e' }] }],
    ['sources.0.location', { sources: [{ ...web, location: 'x'.repeat(501) }] }],
    ['sources.0.name', { sources: [{ ...web, name: ' ' }] }],
  ])('refuses a malformed or hostile %s, naming it', async (field, over) => {
    await registry.refusedNaming(() => registry.gql(RECORD, { input: input(over) }, t.owner), field);
  });

  it('refuses an unknown legal basis and a source with extra fields before any resolver runs', async () => {
    const before = await registry.eventCount();
    expect(errorCodes(await registry.gql(RECORD, { input: input({ sources: [{ ...web, legalBasis: 'FAIR_USE' }] }) }, t.owner))[0]).toMatch(
      /^BAD_USER_INPUT\//,
    );
    expect(errorCodes(await registry.gql(RECORD, { input: input({ sources: [{ ...web, rightsHolder: 'x' }] }) }, t.owner))[0]).toMatch(/^BAD_USER_INPUT\//);
    expect(await registry.eventCount()).toBe(before);
  });

  it('lets the registrar publish any requirement as satisfied by provenance, judged the same way', async () => {
    const publish = `mutation($input: PublishFrameworkInput!) { publishFramework(input: $input) {
      versions { requirements { id satisfiedBy { kind jurisdictions origin destinations mechanisms } } } } }`;
    const requirement = {
      id: 'MO-DATA-1',
      title: 'Training data sources and their rights basis on file',
      appliesWhen: {},
      satisfiedBy: { kind: 'PROVENANCE' },
    };
    const framework = {
      frameworkId: 'MO-AI-TEST',
      version: '1',
      jurisdiction: 'MO',
      title: 'Test framework',
      effectiveFrom: '2026-01-01T00:00:00Z',
      requirements: [requirement],
    };
    const refused = await registry.refused(
      () =>
        registry.gql(
          publish,
          { input: { ...framework, requirements: [{ ...requirement, satisfiedBy: { kind: 'PROVENANCE', jurisdictions: ['MO'] } }] } },
          t.registrar,
        ),
      'BAD_USER_INPUT/INPUT.INVALID',
    );
    expect(fieldsOf(refused)).toEqual(['requirements.0.satisfiedBy.jurisdictions']);
    const r = await registry.gql(publish, { input: framework }, t.registrar);
    expect(r.errors).toBeUndefined();
    expect(r.data.publishFramework.versions[0].requirements[0].satisfiedBy).toEqual({
      kind: 'PROVENANCE',
      jurisdictions: [],
      origin: null,
      destinations: [],
      mechanisms: [],
    });
    const lines = (await registry.gql(VERDICT, { input: { modelId: 'pearl-chat', version: '1.1', jurisdiction: 'MO', useCase: 'chatbot' } })).data
      .exportReadiness.lines;
    expect(lines).toEqual([
      expect.objectContaining({ requirement: { framework: 'MO-AI-TEST', requirementId: 'MO-DATA-1' }, status: 'SATISFIED', reason: 'SATISFIED_BY_PROVENANCE' }),
    ]);
  });

  it('recomputes the readiness rows of the version when its provenance changes', async () => {
    const cn = { modelId: 'pearl-chat', version: '1.0', jurisdiction: 'CN', useCase: 'chatbot' };
    const r = await registry.gql(RECORD, { input: input({ version: '1.0', weightsDigest: demoDigest('pearl-chat@1.0'), sources: [web] }) }, t.owner);
    expect(r.errors).toBeUndefined();
    const status = (await registry.gql(VERDICT, { input: cn })).data.exportReadiness.status;
    const listed = await registry.gql(
      `query($s: ReadinessStatus) { exportReadyModels(jurisdiction: "CN", useCase: "chatbot", status: $s) { edges { node { modelId version computedAt } } } }`,
      { s: status },
    );
    const row = listed.data.exportReadyModels.edges.find(
      (e: { node: { modelId: string; version: string } }) => e.node.modelId === 'pearl-chat' && e.node.version === '1.0',
    ).node;
    const [txid, pos] = row.computedAt.split('.').map(BigInt);
    const written = r.data.recordTrainingDataProvenance.history.at(-1).position;
    const [rtxid, rpos] = written.split('.').map(BigInt);
    expect(txid > rtxid || (txid === rtxid && pos >= rpos)).toBe(true);
  });
});
