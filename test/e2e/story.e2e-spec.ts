import { digest, lendingCertification } from './support/fixtures';
import { GraphQLResponse, RunningRegistry } from './support/registry';
import { TestRegulatorKey } from './support/regulator-keys';

/**
 * The whole story over HTTP, on an empty registry, each step by the actor who would take it: the registrar
 * publishes the frameworks, registers a firm, accredits a certifier and proposes equivalences; the EU regulator
 * countersigns; the firm registers its model and records where the weights live; the certifier issues, suspends
 * and reinstates; the regulator withdraws. After each step the verdict and the list say what changed, and
 * `asOf` / `knownAt` still answer what held, or what was known, before.
 */
const VERDICT = `query($input: ExportReadinessInput!) { exportReadiness(input: $input) {
  status asOf computedAt validUntil lines { requirement { requirementId } status reason via { equivalenceId certificationId } evidence { eventId type position } } } }`;
const READY_LIST = `query($status: ReadinessStatus) { exportReadyModels(jurisdiction: "EU", useCase: "lending", status: $status) { totalCount edges { node { modelId version status } } } }`;
const HISTORY = `history { type position issuedAt }`;

describe('the registry story, end to end over HTTP (embedded store, empty registry)', () => {
  let registry: RunningRegistry;
  const t: Record<'registrar' | 'eu' | 'certifier' | 'firm', string> = {} as never;
  /** Facts carried from one step to the next. */
  const story: { issuedAt?: string; issuedPosition?: string; beforeSuspension?: string } = {};

  let euKey: TestRegulatorKey;
  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: false });
    t.registrar = await registry.token('REGISTRAR', 'registrar-hk');
    t.eu = await registry.token('REGULATOR', 'eu-ai-office', 'EU');
    t.certifier = await registry.token('CERTIFIER', 'cb-story', 'cb-story');
    t.firm = await registry.token('FIRM', 'harbour-admin', 'harbour');
    // The EU regulator's key, registered by the registrar: its countersignatures are JWSs made with it.
    euKey = await TestRegulatorKey.generate();
    await euKey.register(registry, 'EU', t.registrar);
  });
  afterAll(() => registry.stop());

  const run = async (doc: string, input: Record<string, unknown>, token: string) => {
    const r: GraphQLResponse = await registry.gql(doc, { input }, token);
    expect(r.errors).toBeUndefined();
    return Object.values(r.data as object)[0];
  };
  const verdict = async (over: Record<string, unknown> = {}) => {
    const r = await registry.gql(VERDICT, { input: { modelId: 'loanlens', version: '1.0', jurisdiction: 'EU', useCase: 'lending', ...over } });
    expect(r.errors).toBeUndefined();
    return r.data.exportReadiness;
  };
  type Line = { requirement: { requirementId: string }; status: string; reason: string; evidence: { type: string }[] };
  const lineOf = (v: { lines: Line[] }, id: string) => v.lines.find((l) => l.requirement.requirementId === id)!;
  const listed = async (status = 'READY') =>
    (await registry.gql(READY_LIST, { status })).data.exportReadyModels.edges.map((e: { node: { modelId: string } }) => e.node.modelId);

  it('1. the registrar publishes HK-AI and the EU rules, registers the firm and accredits the certifier', async () => {
    const publish = `mutation($input: PublishFrameworkInput!) { publishFramework(input: $input) { id } }`;
    await run(
      publish,
      {
        frameworkId: 'HK-AI',
        version: '1.0',
        jurisdiction: 'HK',
        title: 'HK-AI Standard 1.0',
        effectiveFrom: '2026-01-01T00:00:00.000Z',
        requirements: [
          { id: 'HK-AI-01', title: 'Algorithmic audit for high-stakes decisions', appliesWhen: { useCases: ['lending', 'hiring'] } },
          { id: 'HK-AI-04', title: 'Right to explanation', appliesWhen: { useCases: ['lending', 'hiring'] } },
        ],
      },
      t.registrar,
    );
    await run(
      publish,
      {
        frameworkId: 'EU-AI-ACT',
        version: 'story-HR',
        jurisdiction: 'EU',
        title: 'EU AI Act, high-risk obligations (story)',
        effectiveFrom: '2026-01-01T00:00:00.000Z',
        requirements: [
          { id: 'ART-10', title: 'Data and data governance', appliesWhen: { useCases: ['lending'] } },
          { id: 'ART-13', title: 'Transparency and provision of information to deployers', appliesWhen: { useCases: ['lending'] } },
          {
            id: 'ART-LOC',
            title: 'Weights hosted in an agreed jurisdiction',
            appliesWhen: { useCases: ['lending'] },
            satisfiedBy: { kind: 'LOCALISATION', jurisdictions: ['HK', 'EU'] },
          },
        ],
      },
      t.registrar,
    );
    await run(
      `mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { id } }`,
      { firmId: 'harbour', name: 'Harbour Lending Ltd', jurisdiction: 'HK' },
      t.registrar,
    );
    const certifier = await run(
      `mutation($input: AccreditCertifierInput!) { accreditCertifier(input: $input) { status } }`,
      {
        certifierId: 'cb-story',
        name: 'Story Certification Body',
        scope: { frameworkVersions: ['1.0'], useCases: ['lending'] },
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: '2030-01-01T00:00:00.000Z',
      },
      t.registrar,
    );
    expect(certifier.status).toBe('ACTIVE');
  });

  it('2. the registrar proposes two FULL equivalences; the EU regulator countersigns one', async () => {
    const propose = `mutation($input: ProposeEquivalenceInput!) { proposeEquivalence(input: $input) { status } }`;
    for (const [id, hk, eu] of [
      ['eq-audit', 'HK-AI-01', 'ART-10'],
      ['eq-explain', 'HK-AI-04', 'ART-13'],
    ]) {
      const proposed = await run(
        propose,
        {
          equivalenceId: id,
          hk: { framework: 'HK-AI', version: '1.0', requirementId: hk },
          foreign: { framework: 'EU-AI-ACT', version: 'story-HR', requirementId: eu },
          foreignJurisdiction: 'EU',
          strength: 'FULL',
          scope: { useCases: ['lending'] },
          effectiveFrom: '2026-01-01T00:00:00.000Z',
        },
        t.registrar,
      );
      expect(proposed.status).toBe('PROPOSED');
    }
    const signed = await run(
      `mutation($input: CountersignEquivalenceInput!) { countersignEquivalence(input: $input) { status } }`,
      { equivalenceId: 'eq-audit', jws: await euKey.signEquivalence(registry, 'eq-audit') },
      t.eu,
    );
    expect(signed.status).toBe('IN_FORCE');
  });

  it('3. the firm registers its model and version and records where the weights live', async () => {
    await run(
      `mutation($input: RegisterModelInput!) { registerModel(input: $input) { id } }`,
      { modelId: 'loanlens', firmId: 'harbour', name: 'LoanLens', kind: { generative: false, generalPurpose: false } },
      t.firm,
    );
    await run(
      `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { id } }`,
      { modelId: 'loanlens', version: '1.0', weightsDigest: digest('1') },
      t.firm,
    );
    await run(
      `mutation($input: RecordWeightsLocalizationInput!) { recordWeightsLocalization(input: $input) { status } }`,
      {
        modelId: 'loanlens',
        version: '1.0',
        weightsDigest: digest('1'),
        hostingJurisdiction: 'HK',
        facility: 'Tseung Kwan O DC',
        custodian: 'Harbour infra team',
        attestedBy: 'Story Certification Body',
      },
      t.firm,
    );
    // Not certified yet: every line that needs HK-AI evidence is a gap.
    const v = await verdict();
    expect(v.status).toBe('NOT_READY');
    expect(lineOf(v, 'ART-10')).toMatchObject({ status: 'GAP', reason: 'CERTIFICATION_MISSING' });
    expect(lineOf(v, 'ART-LOC')).toMatchObject({ status: 'SATISFIED', reason: 'SATISFIED_BY_LOCALISATION' });
  });

  it('4. the certifier issues; one article still rests on an equivalence the EU has not countersigned', async () => {
    const issued = await run(
      `mutation($input: IssueCertificationInput!) { issueCertification(input: $input) { status issuedAt ${HISTORY} } }`,
      lendingCertification('loanlens-1-0', { certifierId: 'cb-story', frameworkVersion: '1.0' }),
      t.certifier,
    );
    expect(issued.status).toBe('ACTIVE');
    story.issuedAt = issued.issuedAt;
    story.issuedPosition = issued.history[0].position;
    const v = await verdict();
    expect(v.status).toBe('NOT_READY');
    expect(lineOf(v, 'ART-10')).toMatchObject({ status: 'SATISFIED', reason: 'FULL_EQUIVALENCE' });
    expect(lineOf(v, 'ART-13')).toMatchObject({ status: 'GAP', reason: 'EQUIVALENCE_NOT_COUNTERSIGNED' });
  });

  it('5. the EU regulator countersigns the second: READY for EU lending, and listed; knownAt before it is still not recognised', async () => {
    await run(
      `mutation($input: CountersignEquivalenceInput!) { countersignEquivalence(input: $input) { status } }`,
      { equivalenceId: 'eq-explain', jws: await euKey.signEquivalence(registry, 'eq-explain') },
      t.eu,
    );
    const v = await verdict();
    expect(v.status).toBe('READY');
    expect(v.lines.map((l: { status: string }) => l.status)).toEqual(['SATISFIED', 'SATISFIED', 'SATISFIED']);
    expect(lineOf(v, 'ART-13')).toMatchObject({ via: { equivalenceId: 'eq-explain', certificationId: 'loanlens-1-0' } });
    expect(lineOf(v, 'ART-13').evidence.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['CertificationIssued', 'EquivalenceCountersigned']),
    );
    expect(await listed()).toEqual(['loanlens']);

    const then = await verdict({ knownAt: story.issuedPosition });
    expect(then).toMatchObject({ status: 'NOT_READY', computedAt: story.issuedPosition });
    expect(lineOf(then, 'ART-13')).toMatchObject({ status: 'GAP', reason: 'EQUIVALENCE_NOT_COUNTERSIGNED' });
  });

  it('6. the certifier suspends: NOT_READY with the reason; asOf before the suspension is still READY', async () => {
    story.beforeSuspension = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const suspended = await run(
      `mutation($input: SuspendCertificationInput!) { suspendCertification(input: $input) { status suspensionReason } }`,
      { certificationId: 'loanlens-1-0', reason: 'Audit finding under review' },
      t.certifier,
    );
    expect(suspended).toEqual({ status: 'SUSPENDED', suspensionReason: 'Audit finding under review' });

    const now = await verdict();
    expect(now.status).toBe('NOT_READY');
    expect(lineOf(now, 'ART-10')).toMatchObject({ status: 'GAP', reason: 'CERTIFICATION_SUSPENDED' });
    expect(lineOf(now, 'ART-13')).toMatchObject({ status: 'GAP', reason: 'CERTIFICATION_SUSPENDED' });
    expect(lineOf(now, 'ART-LOC')).toMatchObject({ status: 'SATISFIED' });
    expect(await listed()).toEqual([]);
    expect(await listed('NOT_READY')).toEqual(['loanlens']);

    expect((await verdict({ asOf: story.beforeSuspension })).status).toBe('READY');
  });

  it('7. the certifier reinstates: READY again', async () => {
    await run(
      `mutation($input: ReinstateCertificationInput!) { reinstateCertification(input: $input) { status } }`,
      { certificationId: 'loanlens-1-0' },
      t.certifier,
    );
    expect((await verdict()).status).toBe('READY');
    expect(await listed()).toEqual(['loanlens']);
  });

  it('8. the EU regulator withdraws an equivalence: exportReadyModels no longer lists the model', async () => {
    const withdrawn = await run(
      `mutation($input: WithdrawEquivalenceInput!) { withdrawEquivalence(input: $input) { status } }`,
      { equivalenceId: 'eq-audit', reason: 'Data-governance rules under review' },
      t.eu,
    );
    expect(withdrawn.status).toBe('WITHDRAWN');
    expect(await listed()).toEqual([]);
    const v = await verdict();
    expect(v.status).toBe('NOT_READY');
    expect(lineOf(v, 'ART-10')).toMatchObject({ status: 'GAP', reason: 'EQUIVALENCE_WITHDRAWN' });
  });
});
