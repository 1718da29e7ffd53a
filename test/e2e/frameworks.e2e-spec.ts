import { errorCodes, fieldsOf, GraphQLResponse, ok, RunningRegistry } from './support/registry';

const HISTORY = `history { eventId type streamVersion position issuedAt data actor { subject role actingFor } }`;
const VERSION = `version title effectiveFrom supersededFrom publishedAt
  requirements { id title appliesWhen { useCases generative generalPurpose } satisfiedBy { kind jurisdictions origin destinations mechanisms } }`;
const FRAMEWORK = `id jurisdiction versions { ${VERSION} } versionInForce { version } ${HISTORY}`;
const PUBLISH = `mutation($input: PublishFrameworkInput!) { publishFramework(input: $input) { ${FRAMEWORK} } }`;
const CERTIFIER = `id name status scope { frameworkVersions useCases } validFrom validUntil suspensions { from until } withdrawnAt version ${HISTORY}`;
const ACCREDIT = `mutation($input: AccreditCertifierInput!) { accreditCertifier(input: $input) { ${CERTIFIER} } }`;
const SUSPEND = `mutation($input: SuspendAccreditationInput!) { suspendAccreditation(input: $input) { ${CERTIFIER} } }`;
const REINSTATE = `mutation($input: ReinstateAccreditationInput!) { reinstateAccreditation(input: $input) { ${CERTIFIER} } }`;
const WITHDRAW = `mutation($input: WithdrawAccreditationInput!) { withdrawAccreditation(input: $input) { ${CERTIFIER} } }`;

const HK_V1 = {
  frameworkId: 'HK-AI',
  version: '0.9-draft',
  jurisdiction: 'HK',
  title: 'HK-AI Standard (draft)',
  effectiveFrom: '2026-01-01T00:00:00.000Z',
  requirements: [
    { id: 'HK-AI-01', title: 'Algorithmic audit for high-stakes decisions', appliesWhen: { useCases: ['lending', 'hiring'] } },
    { id: 'HK-AI-02', title: 'Watermarking of generated content', appliesWhen: { generative: true } },
    { id: 'HK-AI-03', title: 'Model-weight localisation', appliesWhen: {}, satisfiedBy: { kind: 'LOCALISATION', jurisdictions: ['HK'] } },
    {
      id: 'HK-AI-08',
      title: 'Cross-boundary transfer basis',
      appliesWhen: { generalPurpose: false },
      satisfiedBy: { kind: 'TRANSFER_BASIS', origin: 'CN', destinations: ['HK'], mechanisms: ['GBA_STANDARD_CONTRACT', 'SECURITY_ASSESSMENT'] },
    },
  ],
};
const HK_V2 = { ...HK_V1, version: '1.0', title: 'HK-AI Standard 1.0', effectiveFrom: '2027-01-01T00:00:00.000Z' };
const EU_V1 = {
  frameworkId: 'EU-AI-ACT',
  version: '2024/1689',
  jurisdiction: 'EU',
  title: 'AI Act (GPAI duties)',
  effectiveFrom: '2025-08-02T00:00:00.000Z',
  requirements: [{ id: 'ART-53', title: 'Obligations for providers of general-purpose AI models', appliesWhen: { generalPurpose: true } }],
};
const EU_V2 = { ...EU_V1, version: '2024/1689-HR', title: 'AI Act (high-risk)', effectiveFrom: '2027-12-02T00:00:00.000Z' };
const SG_FUTURE = {
  frameworkId: 'SG-MGF-GENAI',
  version: '2030',
  jurisdiction: 'SG',
  title: 'Model governance framework (future)',
  effectiveFrom: '2030-01-01T00:00:00.000Z',
  requirements: [{ id: 'DIM-1', title: 'Accountability', appliesWhen: {} }],
};
const CB = {
  certifierId: 'cb-001',
  name: 'HK Certification Body',
  scope: { frameworkVersions: ['0.9-draft'], useCases: ['lending', 'chatbot'] },
  validFrom: '2026-01-01T00:00:00.000Z',
  validUntil: '2029-01-01T00:00:00.000Z',
};

describe('frameworks and certifiers over HTTP (embedded store)', () => {
  let registry: RunningRegistry;
  const tokens: Record<'registrar' | 'certifier' | 'regulator' | 'firm', string> = {} as never;

  beforeAll(async () => {
    registry = await RunningRegistry.start();
    tokens.registrar = await registry.token('REGISTRAR', 'registrar-hk');
    tokens.certifier = await registry.token('CERTIFIER', 'cb-001', 'cb-001');
    tokens.regulator = await registry.token('REGULATOR', 'eu-ai-office', 'EU');
    tokens.firm = await registry.token('FIRM', 'acme-admin', 'acme');
  });
  afterAll(() => registry.stop());

  /** Asserts an input refusal names exactly `field` (a dotted path for nested inputs). */
  const refusedNaming = async (send: () => Promise<GraphQLResponse>, field: string) => {
    const r = await registry.refused(send, 'BAD_USER_INPUT/INPUT.INVALID');
    expect(fieldsOf(r)).toEqual([field]);
    // Nested messages name the innermost path only (e.g. "appliesWhen.useCases"), so only its last part is checked.
    expect(r.errors[0].message).toContain(
      field
        .split('.')
        .filter((part) => !/^\d+$/.test(part))
        .pop(),
    );
  };
  const roles = [
    ['CERTIFIER', () => tokens.certifier],
    ['REGULATOR', () => tokens.regulator],
    ['FIRM', () => tokens.firm],
  ] as const;

  describe('publishFramework', () => {
    it('publishes a first version and answers with the framework as stored, history and actor included', async () => {
      const framework = ok(await registry.gql(PUBLISH, { input: HK_V1 }, tokens.registrar, { 'x-correlation-id': 'corr-hk' })).publishFramework;
      expect(framework).toMatchObject({ id: 'HK-AI', jurisdiction: 'HK', versionInForce: { version: '0.9-draft' } });
      expect(framework.versions).toEqual([
        {
          version: '0.9-draft',
          title: 'HK-AI Standard (draft)',
          effectiveFrom: '2026-01-01T00:00:00.000Z',
          supersededFrom: null,
          publishedAt: framework.history[0].issuedAt,
          requirements: [
            {
              id: 'HK-AI-01',
              title: HK_V1.requirements[0].title,
              appliesWhen: { useCases: ['lending', 'hiring'], generative: null, generalPurpose: null },
              satisfiedBy: null,
            },
            { id: 'HK-AI-02', title: HK_V1.requirements[1].title, appliesWhen: { useCases: null, generative: true, generalPurpose: null }, satisfiedBy: null },
            {
              id: 'HK-AI-03',
              title: HK_V1.requirements[2].title,
              appliesWhen: { useCases: null, generative: null, generalPurpose: null },
              satisfiedBy: { kind: 'LOCALISATION', jurisdictions: ['HK'], origin: null, destinations: [], mechanisms: [] },
            },
            {
              id: 'HK-AI-08',
              title: HK_V1.requirements[3].title,
              appliesWhen: { useCases: null, generative: null, generalPurpose: false },
              satisfiedBy: {
                kind: 'TRANSFER_BASIS',
                jurisdictions: [],
                origin: 'CN',
                destinations: ['HK'],
                mechanisms: ['GBA_STANDARD_CONTRACT', 'SECURITY_ASSESSMENT'],
              },
            },
          ],
        },
      ]);
      expect(framework.history).toHaveLength(1);
      expect(framework.history[0]).toMatchObject({
        type: 'FrameworkVersionPublished',
        streamVersion: 1,
        actor: { subject: 'registrar-hk', role: 'REGISTRAR', actingFor: null },
        data: { frameworkId: 'HK-AI', version: '0.9-draft', effectiveFrom: '2026-01-01T00:00:00.000Z' },
      });
      // Absent applicability conditions are stored absent, not null.
      expect(framework.history[0].data.requirements[0].appliesWhen).toEqual({ useCases: ['lending', 'hiring'] });
    });

    it('publishes a later version, which supersedes the first from its effective date', async () => {
      const framework = ok(await registry.gql(PUBLISH, { input: HK_V2 }, tokens.registrar)).publishFramework;
      expect(framework.versions.map((v: { version: string; supersededFrom: string | null }) => [v.version, v.supersededFrom])).toEqual([
        ['0.9-draft', '2027-01-01T00:00:00.000Z'],
        ['1.0', null],
      ]);
      expect(framework.history.map((h: { type: string; streamVersion: number }) => [h.type, h.streamVersion])).toEqual([
        ['FrameworkVersionPublished', 1],
        ['FrameworkVersionPublished', 2],
      ]);
    });

    it('refuses an existing version (never edited in place): CONFLICT FRAMEWORK.VERSION_EXISTS', () =>
      registry.refused(
        () => registry.gql(PUBLISH, { input: { ...HK_V1, title: 'edited', effectiveFrom: '2028-01-01T00:00:00Z' } }, tokens.registrar),
        'CONFLICT/FRAMEWORK.VERSION_EXISTS',
      ));

    it('refuses a version taking effect no later than the previous one: CONFLICT FRAMEWORK.EFFECTIVE_DATE_NOT_AFTER_PREVIOUS', () =>
      registry.refused(
        () => registry.gql(PUBLISH, { input: { ...HK_V1, version: '1.1', effectiveFrom: HK_V2.effectiveFrom } }, tokens.registrar),
        'CONFLICT/FRAMEWORK.EFFECTIVE_DATE_NOT_AFTER_PREVIOUS',
      ));

    it('refuses moving a framework to another jurisdiction: CONFLICT FRAMEWORK.JURISDICTION_CHANGED', () =>
      registry.refused(
        () => registry.gql(PUBLISH, { input: { ...HK_V1, version: '2.0', jurisdiction: 'SG', effectiveFrom: '2029-01-01T00:00:00Z' } }, tokens.registrar),
        'CONFLICT/FRAMEWORK.JURISDICTION_CHANGED',
      ));

    it('refuses a requirement id given twice: BAD_USER_INPUT FRAMEWORK.DUPLICATE_REQUIREMENT', () =>
      registry.refused(
        () =>
          registry.gql(PUBLISH, { input: { ...EU_V1, frameworkId: 'DUP', requirements: [EU_V1.requirements[0], EU_V1.requirements[0]] } }, tokens.registrar),
        'BAD_USER_INPUT/FRAMEWORK.DUPLICATE_REQUIREMENT',
      ));

    it.each(roles)('refuses the %s role: FORBIDDEN FRAMEWORK.REGISTRAR_ONLY', (_, token) =>
      registry.refused(() => registry.gql(PUBLISH, { input: { ...EU_V1, frameworkId: 'SNEAKY' } }, token()), 'FORBIDDEN/FRAMEWORK.REGISTRAR_ONLY'),
    );

    it('refuses anonymous callers: UNAUTHENTICATED AUTH.REQUIRED', () =>
      registry.refused(() => registry.gql(PUBLISH, { input: { ...EU_V1, frameworkId: 'ANON' } }), 'UNAUTHENTICATED/AUTH.REQUIRED'));

    const req = EU_V1.requirements[0];
    it.each([
      [{ frameworkId: 'eu act' }, 'frameworkId'],
      [{ version: '' }, 'version'],
      [{ version: 'v 1' }, 'version'],
      [{ jurisdiction: 'Europe' }, 'jurisdiction'],
      [{ title: '  ' }, 'title'],
      [{ title: 't'.repeat(201) }, 'title'],
      [{ requirements: [] }, 'requirements'],
      [{ requirements: [{ ...req, id: 'art 50' }] }, 'requirements.0.id'],
      [{ requirements: [req, { ...req, id: 'ART-54', title: '' }] }, 'requirements.1.title'],
      [{ requirements: [{ ...req, appliesWhen: { useCases: [] } }] }, 'requirements.0.appliesWhen.useCases'],
      [{ requirements: [{ ...req, appliesWhen: { useCases: ['Lending'] } }] }, 'requirements.0.appliesWhen.useCases'],
      [{ requirements: [{ ...req, satisfiedBy: { kind: 'LOCALISATION' } }] }, 'requirements.0.satisfiedBy.jurisdictions'],
      [{ requirements: [{ ...req, satisfiedBy: { kind: 'LOCALISATION', jurisdictions: ['HK'], origin: 'CN' } }] }, 'requirements.0.satisfiedBy.origin'],
      [
        { requirements: [{ ...req, satisfiedBy: { kind: 'TRANSFER_BASIS', origin: 'CN', destinations: ['HK'], mechanisms: [] } }] },
        'requirements.0.satisfiedBy.mechanisms',
      ],
      [
        { requirements: [{ ...req, satisfiedBy: { kind: 'TRANSFER_BASIS', origin: 'China', destinations: ['HK'], mechanisms: ['CONSENT'] } }] },
        'requirements.0.satisfiedBy.origin',
      ],
      [{ idempotencyKey: 'k'.repeat(129) }, 'idempotencyKey'],
    ])('refuses bad input %j naming the field %s: BAD_USER_INPUT INPUT.INVALID', (over, field) =>
      refusedNaming(() => registry.gql(PUBLISH, { input: { ...EU_V1, ...over } }, tokens.registrar), field),
    );

    it('refuses a malformed instant, an unknown mechanism and a missing field before any resolver runs: BAD_USER_INPUT', async () => {
      const badDate = await registry.refused(
        () => registry.gql(PUBLISH, { input: { ...EU_V1, effectiveFrom: 'soon' } }, tokens.registrar),
        'BAD_USER_INPUT/INPUT.INVALID_SCALAR',
      );
      expect(badDate.errors![0].message).toContain('effectiveFrom');
      const badMechanism = { ...req, satisfiedBy: { kind: 'TRANSFER_BASIS', origin: 'CN', destinations: ['HK'], mechanisms: ['HANDSHAKE'] } };
      const r = await registry.refused(
        () => registry.gql(PUBLISH, { input: { ...EU_V1, requirements: [badMechanism] } }, tokens.registrar),
        'BAD_USER_INPUT/GRAPHQL.BAD_USER_INPUT',
      );
      expect(r.errors![0].message).toContain('mechanisms');
      const { appliesWhen: _, ...noApplicability } = req;
      const missing = await registry.refused(
        () => registry.gql(PUBLISH, { input: { ...EU_V1, requirements: [noApplicability] } }, tokens.registrar),
        'BAD_USER_INPUT/GRAPHQL.BAD_USER_INPUT',
      );
      expect(missing.errors![0].message).toContain('appliesWhen');
    });

    it('returns the first answer when an idempotency key is re-sent, writing once; another request under that key is refused', async () => {
      const input = { ...EU_V1, idempotencyKey: 'publish-eu-1' };
      const first = ok(await registry.gql(PUBLISH, { input }, tokens.registrar)).publishFramework;
      const before = await registry.eventCount();
      const again = ok(await registry.gql(PUBLISH, { input }, tokens.registrar)).publishFramework;
      expect(again.history.map((h: { eventId: string }) => h.eventId)).toEqual(first.history.map((h: { eventId: string }) => h.eventId));
      expect(again.versions).toEqual(first.versions);
      expect(await registry.eventCount()).toBe(before);
      await registry.refused(
        () => registry.gql(PUBLISH, { input: { ...EU_V2, idempotencyKey: 'publish-eu-1' } }, tokens.registrar),
        'CONFLICT/EVENT_STORE.IDEMPOTENCY_KEY_REUSED',
      );
    });
  });

  describe('framework and frameworks queries (public)', () => {
    beforeAll(async () => {
      ok(await registry.gql(PUBLISH, { input: EU_V2 }, tokens.registrar));
      ok(await registry.gql(PUBLISH, { input: SG_FUTURE }, tokens.registrar));
    });

    it('reads one framework anonymously, with its history, and null for an unknown id', async () => {
      const r = ok(
        await registry.gql(`{ known: framework(id: "EU-AI-ACT") { id jurisdiction versions { version } ${HISTORY} } unknown: framework(id: "NOPE") { id } }`),
      );
      expect(r.unknown).toBeNull();
      expect(r.known.versions.map((v: { version: string }) => v.version)).toEqual(['2024/1689', '2024/1689-HR']);
      // Anonymous readers see the acting role, not the login (see HistoryEvent in the SDL).
      expect(r.known.history.map((h: { actor: { subject: string | null; role: string } }) => [h.actor.role, h.actor.subject])).toEqual([
        ['REGISTRAR', null],
        ['REGISTRAR', null],
      ]);
    });

    it('lists every framework by id, anonymously, each with its version in force now', async () => {
      const r = ok(await registry.gql(`{ frameworks { id jurisdiction versionInForce { version } } }`));
      expect(r.frameworks).toEqual([
        { id: 'EU-AI-ACT', jurisdiction: 'EU', versionInForce: expect.anything() },
        { id: 'HK-AI', jurisdiction: 'HK', versionInForce: expect.anything() },
        { id: 'SG-MGF-GENAI', jurisdiction: 'SG', versionInForce: null },
      ]);
    });

    it('filters by jurisdiction', async () => {
      const r = ok(await registry.gql(`{ frameworks(jurisdiction: "EU") { id } }`));
      expect(r.frameworks).toEqual([{ id: 'EU-AI-ACT' }]);
      expect(ok(await registry.gql(`{ frameworks(jurisdiction: "US") { id } }`)).frameworks).toEqual([]);
    });

    it('frameworks(asOf) keeps those in force then and picks the version in force at that instant', async () => {
      const mid2026 = ok(await registry.gql(`{ frameworks(asOf: "2026-06-01T00:00:00Z") { id versionInForce { version effectiveFrom } } }`));
      expect(mid2026.frameworks).toEqual([
        { id: 'EU-AI-ACT', versionInForce: { version: '2024/1689', effectiveFrom: '2025-08-02T00:00:00.000Z' } },
        { id: 'HK-AI', versionInForce: { version: '0.9-draft', effectiveFrom: '2026-01-01T00:00:00.000Z' } },
      ]);
      const q2028 = `query($asOf: DateTime) { frameworks(asOf: $asOf) { id versionInForce { version } } }`;
      expect(ok(await registry.gql(q2028, { asOf: '2028-01-01T00:00:00Z' })).frameworks).toEqual([
        { id: 'EU-AI-ACT', versionInForce: { version: '2024/1689-HR' } },
        { id: 'HK-AI', versionInForce: { version: '1.0' } },
      ]);
      expect(ok(await registry.gql(q2028, { asOf: '2031-01-01T00:00:00Z' })).frameworks.map((f: { id: string }) => f.id)).toEqual([
        'EU-AI-ACT',
        'HK-AI',
        'SG-MGF-GENAI',
      ]);
      // Before anything took effect: none; the boundary instant itself is in force.
      expect(ok(await registry.gql(q2028, { asOf: '2025-01-01T00:00:00Z' })).frameworks).toEqual([]);
      expect(ok(await registry.gql(q2028, { asOf: '2027-12-02T00:00:00Z' })).frameworks[0]).toEqual({
        id: 'EU-AI-ACT',
        versionInForce: { version: '2024/1689-HR' },
      });
    });

    it('versionInForce(asOf) on the field overrides the list’s asOf', async () => {
      const r = ok(
        await registry.gql(
          `{ frameworks(jurisdiction: "EU", asOf: "2026-06-01T00:00:00Z") { then: versionInForce { version } later: versionInForce(asOf: "2028-01-01T00:00:00Z") { version } early: versionInForce(asOf: "2020-01-01T00:00:00Z") { version } } }`,
        ),
      );
      expect(r.frameworks).toEqual([{ then: { version: '2024/1689' }, later: { version: '2024/1689-HR' }, early: null }]);
    });

    it('refuses a malformed jurisdiction or instant: BAD_USER_INPUT', async () => {
      const r = await registry.gql(`{ frameworks(jurisdiction: "Europe") { id } }`);
      expect(errorCodes(r)).toEqual(['BAD_USER_INPUT/INPUT.INVALID']);
      expect(r.errors![0].message).toContain('jurisdiction');
      expect(errorCodes(await registry.gql(`{ frameworks(asOf: "tomorrow") { id } }`))).toEqual(['BAD_USER_INPUT/INPUT.INVALID_SCALAR']);
    });
  });

  describe('accreditCertifier', () => {
    it('accredits a certifier and answers with it as stored, history and actor included', async () => {
      const certifier = ok(await registry.gql(ACCREDIT, { input: CB }, tokens.registrar)).accreditCertifier;
      const { certifierId: _, ...rest } = CB;
      expect(certifier).toMatchObject({ id: 'cb-001', ...rest, status: 'ACTIVE', suspensions: [], withdrawnAt: null, version: 1 });
      expect(certifier.history).toEqual([
        expect.objectContaining({
          type: 'CertifierAccredited',
          streamVersion: 1,
          actor: { subject: 'registrar-hk', role: 'REGISTRAR', actingFor: null },
          data: expect.objectContaining({ certifierId: 'cb-001', scope: CB.scope, validUntil: CB.validUntil }),
        }),
      ]);
    });

    it('refuses a certifier accredited twice: CONFLICT CERTIFIER.ALREADY_ACCREDITED', () =>
      registry.refused(() => registry.gql(ACCREDIT, { input: { ...CB, name: 'Again' } }, tokens.registrar), 'CONFLICT/CERTIFIER.ALREADY_ACCREDITED'));

    it.each([
      [{ certifierId: 'CB 1' }, 'certifierId'],
      [{ name: '' }, 'name'],
      [{ name: 'n'.repeat(201) }, 'name'],
      [{ scope: { frameworkVersions: [], useCases: ['lending'] } }, 'scope.frameworkVersions'],
      [{ scope: { frameworkVersions: ['bad version!'], useCases: ['lending'] } }, 'scope.frameworkVersions'],
      [{ scope: { frameworkVersions: ['0.9-draft'], useCases: [] } }, 'scope.useCases'],
      [{ scope: { frameworkVersions: ['0.9-draft'], useCases: ['Bad Case'] } }, 'scope.useCases'],
      [{ validUntil: '2025-01-01T00:00:00Z' }, 'validUntil'],
      [{ validUntil: CB.validFrom }, 'validUntil'],
      [{ idempotencyKey: '' }, 'idempotencyKey'],
    ])('refuses bad input %j naming the field %s: BAD_USER_INPUT INPUT.INVALID', (over, field) =>
      refusedNaming(() => registry.gql(ACCREDIT, { input: { ...CB, certifierId: 'cb-new', ...over } }, tokens.registrar), field),
    );
  });

  describe('every accreditation mutation is the registrar’s', () => {
    const mutations = [
      ['accreditCertifier', ACCREDIT, { ...CB, certifierId: 'cb-sneaky' }],
      ['suspendAccreditation', SUSPEND, { certifierId: 'cb-001', reason: 'audit findings' }],
      ['reinstateAccreditation', REINSTATE, { certifierId: 'cb-001' }],
      ['withdrawAccreditation', WITHDRAW, { certifierId: 'cb-001', reason: 'closed' }],
    ] as const;
    const cases = mutations.flatMap(([name, mutation, input]) => roles.map(([role, token]) => [name, role, mutation, input, token] as const));

    it.each(cases)('%s refuses the %s role: FORBIDDEN CERTIFIER.REGISTRAR_ONLY', (_, __, mutation, input, token) =>
      registry.refused(() => registry.gql(mutation, { input }, token()), 'FORBIDDEN/CERTIFIER.REGISTRAR_ONLY'),
    );

    it.each(mutations)('%s refuses anonymous callers: UNAUTHENTICATED AUTH.REQUIRED', (_, mutation, input) =>
      registry.refused(() => registry.gql(mutation, { input }), 'UNAUTHENTICATED/AUTH.REQUIRED'),
    );
  });

  describe('accreditation lifecycle: suspend ⇄ reinstate → withdraw', () => {
    it('suspends an active accreditation, recording the suspension period', async () => {
      const c = ok(await registry.gql(SUSPEND, { input: { certifierId: 'cb-001', reason: 'Audit findings pending' } }, tokens.registrar)).suspendAccreditation;
      expect(c).toMatchObject({ status: 'SUSPENDED', version: 2, withdrawnAt: null });
      expect(c.suspensions).toEqual([{ from: c.history[1].issuedAt, until: null }]);
      expect(c.history[1]).toMatchObject({
        type: 'AccreditationSuspended',
        data: { reason: 'Audit findings pending' },
        actor: { subject: 'registrar-hk', role: 'REGISTRAR' },
      });
    });

    it('refuses suspending twice: CONFLICT CERTIFIER.NOT_ACTIVE', () =>
      registry.refused(() => registry.gql(SUSPEND, { input: { certifierId: 'cb-001', reason: 'again' } }, tokens.registrar), 'CONFLICT/CERTIFIER.NOT_ACTIVE'));

    it('reinstates it, closing the suspension period', async () => {
      const c = ok(await registry.gql(REINSTATE, { input: { certifierId: 'cb-001' } }, tokens.registrar)).reinstateAccreditation;
      expect(c).toMatchObject({ status: 'ACTIVE', version: 3 });
      expect(c.suspensions).toEqual([{ from: c.history[1].issuedAt, until: c.history[2].issuedAt }]);
    });

    it('refuses reinstating an active accreditation: CONFLICT CERTIFIER.NOT_SUSPENDED', () =>
      registry.refused(() => registry.gql(REINSTATE, { input: { certifierId: 'cb-001' } }, tokens.registrar), 'CONFLICT/CERTIFIER.NOT_SUSPENDED'));

    it('returns the first answer when an idempotency key is re-sent, writing once', async () => {
      const input = { certifierId: 'cb-001', reason: 'Second audit', idempotencyKey: 'suspend-cb-001-2' };
      const first = ok(await registry.gql(SUSPEND, { input }, tokens.registrar)).suspendAccreditation;
      const before = await registry.eventCount();
      const again = ok(await registry.gql(SUSPEND, { input }, tokens.registrar)).suspendAccreditation;
      expect(again).toEqual(first);
      expect(await registry.eventCount()).toBe(before);
      await registry.refused(
        () => registry.gql(WITHDRAW, { input: { certifierId: 'cb-001', reason: 'other', idempotencyKey: 'suspend-cb-001-2' } }, tokens.registrar),
        'CONFLICT/EVENT_STORE.IDEMPOTENCY_KEY_REUSED',
      );
    });

    it('withdraws a suspended accreditation, for good', async () => {
      const c = ok(
        await registry.gql(WITHDRAW, { input: { certifierId: 'cb-001', reason: 'Accreditation body closed' } }, tokens.registrar),
      ).withdrawAccreditation;
      expect(c).toMatchObject({ status: 'WITHDRAWN', version: 5 });
      expect(c.withdrawnAt).toBe(c.history[4].issuedAt);
      expect(c.suspensions).toHaveLength(2);
      expect(c.history.map((h: { type: string }) => h.type)).toEqual([
        'CertifierAccredited',
        'AccreditationSuspended',
        'AccreditationReinstated',
        'AccreditationSuspended',
        'AccreditationWithdrawn',
      ]);
    });

    it('refuses every change after withdrawal: CONFLICT CERTIFIER.WITHDRAWN', async () => {
      await registry.refused(() => registry.gql(SUSPEND, { input: { certifierId: 'cb-001', reason: 'x' } }, tokens.registrar), 'CONFLICT/CERTIFIER.WITHDRAWN');
      await registry.refused(() => registry.gql(REINSTATE, { input: { certifierId: 'cb-001' } }, tokens.registrar), 'CONFLICT/CERTIFIER.WITHDRAWN');
      await registry.refused(() => registry.gql(WITHDRAW, { input: { certifierId: 'cb-001', reason: 'x' } }, tokens.registrar), 'CONFLICT/CERTIFIER.WITHDRAWN');
      await registry.refused(() => registry.gql(ACCREDIT, { input: CB }, tokens.registrar), 'CONFLICT/CERTIFIER.ALREADY_ACCREDITED');
    });

    it('withdraws an active accreditation too', async () => {
      ok(await registry.gql(ACCREDIT, { input: { ...CB, certifierId: 'cb-002', name: 'Second Body' } }, tokens.registrar));
      const c = ok(await registry.gql(WITHDRAW, { input: { certifierId: 'cb-002', reason: 'Requested by the body' } }, tokens.registrar)).withdrawAccreditation;
      expect(c).toMatchObject({ status: 'WITHDRAWN', suspensions: [], version: 2 });
    });

    it('refuses changes to an unknown certifier: NOT_FOUND CERTIFIER.NOT_FOUND', async () => {
      await registry.refused(
        () => registry.gql(SUSPEND, { input: { certifierId: 'cb-nobody', reason: 'x' } }, tokens.registrar),
        'NOT_FOUND/CERTIFIER.NOT_FOUND',
      );
      await registry.refused(() => registry.gql(REINSTATE, { input: { certifierId: 'cb-nobody' } }, tokens.registrar), 'NOT_FOUND/CERTIFIER.NOT_FOUND');
      await registry.refused(
        () => registry.gql(WITHDRAW, { input: { certifierId: 'cb-nobody', reason: 'x' } }, tokens.registrar),
        'NOT_FOUND/CERTIFIER.NOT_FOUND',
      );
    });

    it.each([
      [SUSPEND, { certifierId: 'cb-002', reason: '   ' }, 'reason'],
      [SUSPEND, { certifierId: 'cb-002', reason: 'r'.repeat(501) }, 'reason'],
      [SUSPEND, { certifierId: 'Bad Id', reason: 'x' }, 'certifierId'],
      [REINSTATE, { certifierId: 'x' }, 'certifierId'],
      [WITHDRAW, { certifierId: 'cb-002', reason: '' }, 'reason'],
      [WITHDRAW, { certifierId: 'cb-002', reason: 'x', idempotencyKey: 'k'.repeat(129) }, 'idempotencyKey'],
    ])('refuses bad input naming the field (%#): BAD_USER_INPUT INPUT.INVALID', (mutation, input, field) =>
      refusedNaming(() => registry.gql(mutation, { input }, tokens.registrar), field),
    );
  });

  describe('certifier query (public)', () => {
    it('reads a certifier anonymously, with its history, and null for an unknown id', async () => {
      const r = ok(await registry.gql(`{ known: certifier(id: "cb-001") { ${CERTIFIER} } unknown: certifier(id: "cb-nobody") { id } }`));
      expect(r.unknown).toBeNull();
      expect(r.known).toMatchObject({
        id: 'cb-001',
        name: CB.name,
        status: 'WITHDRAWN',
        scope: CB.scope,
        validFrom: CB.validFrom,
        validUntil: CB.validUntil,
        version: 5,
      });
      expect(r.known.history.every((h: { actor: { role: string } }) => h.actor.role === 'REGISTRAR')).toBe(true);
      expect(r.known.history[1].data.reason).toBe('Audit findings pending');
    });
  });
});

describe('frameworks and certifiers of the demo catalog', () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
  });
  afterAll(() => registry.stop());

  it('lists every catalog framework with the version in force, including direct-satisfaction rules', async () => {
    const r = await registry.gql(
      `{ frameworks(asOf: "2026-11-25T00:00:00Z") { id jurisdiction versionInForce { version requirements { id satisfiedBy { kind jurisdictions origin destinations mechanisms } } } } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.frameworks.map((f: { id: string }) => f.id)).toEqual(['CN-GENAI', 'EU-AI-ACT', 'HK-AI', 'NIST-AI-RMF', 'SG-MGF-GENAI']);
    const cn = r.data.frameworks.find((f: { id: string }) => f.id === 'CN-GENAI');
    const direct = cn.versionInForce.requirements
      .filter((q: { satisfiedBy: unknown }) => q.satisfiedBy)
      .map((q: { satisfiedBy: { kind: string } }) => q.satisfiedBy.kind);
    expect(direct).toEqual(expect.arrayContaining(['LOCALISATION', 'TRANSFER_BASIS']));
  });

  it('reads the demo certifier as ACTIVE', async () => {
    const r = await registry.gql(`{ certifier(id: "hkcb-demo") { id status scope { frameworkVersions } history { type actor { role } } } }`);
    expect(r.data.certifier).toMatchObject({ id: 'hkcb-demo', status: 'ACTIVE', scope: { frameworkVersions: ['0.9-draft'] } });
  });
});
