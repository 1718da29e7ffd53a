import { DAY, digest, inDays, lendingCertification } from './support/fixtures';
import { errorCodes, fieldsOf, GraphQLResponse, ok, RunningRegistry } from './support/registry';

const HISTORY = `history { type streamVersion position issuedAt data actor { subject role actingFor } }`;
const CERTIFICATION = `id status certifierId certifier { id status } modelId modelVersion firmId weightsDigest frameworkVersion
  scope { useCases riskTier } results { requirementId result } auditReportDigest validFrom validUntil issuedAt
  suspendedAt suspensionReason revokedAt revocationReason version ${HISTORY}`;
const mutation = (name: string, input: string) => `mutation($input: ${input}!) { ${name}(input: $input) { ${CERTIFICATION} } }`;
const ISSUE = mutation('issueCertification', 'IssueCertificationInput');
const SUSPEND = mutation('suspendCertification', 'SuspendCertificationInput');
const REINSTATE = mutation('reinstateCertification', 'ReinstateCertificationInput');
const REVOKE = mutation('revokeCertification', 'RevokeCertificationInput');
const RENEW = mutation('renewCertification', 'RenewCertificationInput');
const AMEND = mutation('amendCertificationScope', 'AmendCertificationScopeInput');
const GET = `query($id: ID!) { certification(id: $id) { ${CERTIFICATION} } }`;
const LIST = `query($modelId: ID, $modelVersion: String, $firmId: ID, $certifierId: ID, $status: CertificationStatus, $first: Int, $after: String) {
  certifications(modelId: $modelId, modelVersion: $modelVersion, firmId: $firmId, certifierId: $certifierId, status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status auditReportDigest firmId } } } }`;
const MODEL = `mutation($m: RegisterModelInput!, $v: RegisterModelVersionInput!) { registerModel(input: $m) { id } registerModelVersion(input: $v) { id } }`;

const CERT_ID = 'loanlens-1-0-hkai';

/** A lending certification of loanlens 1.0 by the demo certifier, against the demo's draft HK-AI. */
const issueInput = (over: Record<string, unknown> = {}) => lendingCertification(CERT_ID, over);

describe('certifications over HTTP (embedded store, demo catalog)', () => {
  let registry: RunningRegistry;
  const tokens: Record<'registrar' | 'issuer' | 'otherCertifier' | 'regulator' | 'owner' | 'otherFirm', string> = {} as never;

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    tokens.registrar = await registry.token('REGISTRAR', 'registrar-hk');
    tokens.issuer = await registry.token('CERTIFIER', 'hkcb-demo', 'hkcb-demo');
    tokens.otherCertifier = await registry.token('CERTIFIER', 'cb-002', 'cb-002');
    tokens.regulator = await registry.token('REGULATOR', 'eu-ai-office', 'EU');
    tokens.owner = await registry.token('FIRM', 'harbour-admin', 'harbour-lending');
    tokens.otherFirm = await registry.token('FIRM', 'cathay-admin', 'cathay-vision');
    const r = await registry.gql(
      MODEL,
      {
        m: { modelId: 'loanlens', firmId: 'harbour-lending', name: 'LoanLens', kind: { generative: false, generalPurpose: false } },
        v: { modelId: 'loanlens', version: '1.0', weightsDigest: digest('1') },
      },
      tokens.owner,
    );
    expect(r.errors).toBeUndefined();
  });
  afterAll(() => registry.stop());

  /** `token` null: anonymous. */
  const issue = (over: Record<string, unknown> = {}, token: string | null = tokens.issuer) =>
    registry.gql(ISSUE, { input: issueInput(over) }, token ?? undefined);
  const send = (doc: string, input: Record<string, unknown>, token?: string) => registry.gql(doc, { input: { certificationId: CERT_ID, ...input } }, token);
  /** Everyone but the certifier that issued it. */
  const notTheIssuer = [
    ['REGISTRAR', () => tokens.registrar],
    ['another CERTIFIER', () => tokens.otherCertifier],
    ['REGULATOR', () => tokens.regulator],
    ['the owning FIRM', () => tokens.owner],
  ] as const;

  describe('issueCertification', () => {
    it.each(notTheIssuer)("refuses %s issuing in the demo certifier's name", async (_, token) => {
      await registry.refused(() => issue({}, token()), 'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER');
    });

    it('refuses anonymous callers', async () => {
      await registry.refused(() => issue({}, null), 'UNAUTHENTICATED/AUTH.REQUIRED');
    });

    it('refuses a certifier issuing in its own name without an accreditation covering it', async () => {
      await registry.refused(() => issue({ certifierId: 'cb-002' }, tokens.otherCertifier), 'FORBIDDEN/CERTIFICATION.OUTSIDE_ACCREDITATION');
      // The demo certifier is accredited for chatbot, content-generation, lending and hiring only.
      await registry.refused(() => issue({ scope: { useCases: ['law-enforcement'], riskTier: 'HIGH' } }), 'FORBIDDEN/CERTIFICATION.OUTSIDE_ACCREDITATION');
    });

    it("refuses other weights than the version's, an unknown version, an unpublished HK-AI version and unknown requirements", async () => {
      await registry.refused(() => issue({ weightsDigest: digest('2') }), 'CONFLICT/CERTIFICATION.DIGEST_MISMATCH');
      await registry.refused(() => issue({ modelVersion: '9.9' }), 'NOT_FOUND/CERTIFICATION.MODEL_VERSION_NOT_FOUND');
      await registry.refused(() => issue({ modelId: 'no-such-model' }), 'NOT_FOUND/CERTIFICATION.MODEL_VERSION_NOT_FOUND');
      await registry.refused(() => issue({ frameworkVersion: '2.0' }), 'NOT_FOUND/CERTIFICATION.FRAMEWORK_VERSION_NOT_FOUND');
      await registry.refused(() => issue({ results: [{ requirementId: 'HK-AI-99', result: 'PASS' }] }), 'BAD_USER_INPUT/CERTIFICATION.UNKNOWN_REQUIREMENT');
      await registry.refused(
        () =>
          issue({
            results: [
              { requirementId: 'HK-AI-01', result: 'PASS' },
              { requirementId: 'HK-AI-01', result: 'NOT_APPLICABLE' },
            ],
          }),
        'BAD_USER_INPUT/CERTIFICATION.DUPLICATE_RESULT',
      );
    });

    it.each([
      [{ certificationId: 'Loan Lens' }, 'certificationId'],
      [{ certifierId: 'HKCB' }, 'certifierId'],
      [{ modelId: 'x' }, 'modelId'],
      [{ modelVersion: '' }, 'modelVersion'],
      [{ weightsDigest: 'sha256:abc' }, 'weightsDigest'],
      [{ auditReportDigest: 'md5:abc' }, 'auditReportDigest'],
      [{ frameworkVersion: '' }, 'frameworkVersion'],
      [{ scope: { useCases: [], riskTier: 'HIGH' } }, 'scope.useCases'],
      [{ scope: { useCases: ['Lending'], riskTier: 'HIGH' } }, 'scope.useCases'],
      [{ results: [] }, 'results'],
      [{ results: [{ requirementId: 'hk-ai-01', result: 'PASS' }] }, 'results.0.requirementId'],
      [{ validFrom: inDays(10), validUntil: inDays(5) }, 'validUntil'],
      [{ idempotencyKey: 'k'.repeat(129) }, 'idempotencyKey'],
    ])('refuses %o naming the field %s', async (over, field) => {
      await registry.refusedNaming(() => issue(over), field);
    });

    it.each([[{ scope: { useCases: ['lending'], riskTier: 'EXTREME' } }], [{ results: [{ requirementId: 'HK-AI-01', result: 'FAIL' }] }]])(
      'refuses %o at the schema, before any resolver runs',
      async (over) => {
        await registry.refused(() => issue(over), 'BAD_USER_INPUT/GRAPHQL.BAD_USER_INPUT');
      },
    );

    it('refuses a validFrom that is not an ISO-8601 instant, in the DateTime scalar', async () => {
      await registry.refused(() => issue({ validFrom: 'yesterday' }), 'BAD_USER_INPUT/INPUT.INVALID_SCALAR');
    });

    /** Fixed once: a replay under the same idempotency key must be the very same request. */
    let firstIssue: Record<string, unknown>;

    it('lets the accredited certifier issue; the answer is the certification as stored', async () => {
      const before = await registry.eventCount();
      firstIssue = issueInput({ idempotencyKey: 'issue-loanlens-1' });
      const { issueCertification: c } = ok(await registry.gql(ISSUE, { input: firstIssue }, tokens.issuer));
      expect(c).toMatchObject({
        id: CERT_ID,
        status: 'ACTIVE',
        certifierId: 'hkcb-demo',
        certifier: { id: 'hkcb-demo', status: 'ACTIVE' },
        modelId: 'loanlens',
        modelVersion: '1.0',
        firmId: 'harbour-lending',
        weightsDigest: digest('1'),
        frameworkVersion: '0.9-draft',
        scope: { useCases: ['lending'], riskTier: 'HIGH' },
        results: [
          { requirementId: 'HK-AI-01', result: 'PASS' },
          { requirementId: 'HK-AI-04', result: 'PASS' },
        ],
        auditReportDigest: digest('a'),
        suspendedAt: null,
        revokedAt: null,
        version: 1,
      });
      expect(c.history).toEqual([
        expect.objectContaining({ type: 'CertificationIssued', actor: { subject: 'hkcb-demo', role: 'CERTIFIER', actingFor: 'hkcb-demo' } }),
      ]);
      expect(await registry.eventCount()).toBe(before + 1);
    });

    it('answers a repeated idempotency key with the first answer, and refuses the id issued twice', async () => {
      const before = await registry.eventCount();
      expect(ok(await registry.gql(ISSUE, { input: firstIssue }, tokens.issuer)).issueCertification.version).toBe(1);
      expect(await registry.eventCount()).toBe(before);
      // Other dates under the same key are another request.
      await registry.refused(() => issue({ idempotencyKey: 'issue-loanlens-1', validUntil: inDays(366) }), 'CONFLICT/EVENT_STORE.IDEMPOTENCY_KEY_REUSED');
      await registry.refused(() => issue(), 'CONFLICT/CERTIFICATION.ALREADY_ISSUED');
    });
  });

  describe('certification(id): public, the audit-report digest only for those entitled', () => {
    it.each([
      ['anonymous', (): string | undefined => undefined, false],
      ['another FIRM', () => tokens.otherFirm, false],
      ['another CERTIFIER', () => tokens.otherCertifier, false],
      ['the owning FIRM', () => tokens.owner, true],
      ['the issuing CERTIFIER', () => tokens.issuer, true],
      ['a REGULATOR', () => tokens.regulator, true],
      ['the REGISTRAR', () => tokens.registrar, true],
    ] as const)('%s', async (_, token, entitled) => {
      const { certification } = ok(await registry.gql(GET, { id: CERT_ID }, token()));
      expect(certification.status).toBe('ACTIVE');
      expect(certification.auditReportDigest).toBe(entitled ? digest('a') : null);
      expect(certification.history[0].data.auditReportDigest).toBe(entitled ? digest('a') : null);
      const list = ok(await registry.gql(LIST, { modelId: 'loanlens' }, token())).certifications;
      expect(list.edges.map((e: { node: unknown }) => e.node)).toEqual([
        { id: CERT_ID, status: 'ACTIVE', auditReportDigest: entitled ? digest('a') : null, firmId: 'harbour-lending' },
      ]);
    });

    it('answers null for an unknown id', async () => {
      expect(ok(await registry.gql(GET, { id: 'no-such-cert' })).certification).toBeNull();
    });
  });

  describe('suspendCertification and reinstateCertification', () => {
    it.each(notTheIssuer)('refuse %s', async (_, token) => {
      await registry.refused(() => send(SUSPEND, { reason: 'Audit finding' }, token()), 'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER');
      await registry.refused(() => send(REINSTATE, {}, token()), 'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER');
    });

    it('refuse anonymous callers, bad input and unknown certifications', async () => {
      await registry.refused(() => send(SUSPEND, { reason: 'x' }), 'UNAUTHENTICATED/AUTH.REQUIRED');
      await registry.refused(() => send(REINSTATE, {}), 'UNAUTHENTICATED/AUTH.REQUIRED');
      expect(fieldsOf(await registry.refused(() => send(SUSPEND, { reason: ' ' }, tokens.issuer), 'BAD_USER_INPUT/INPUT.INVALID'))).toEqual(['reason']);
      expect(fieldsOf(await registry.refused(() => send(REINSTATE, { certificationId: 'A B' }, tokens.issuer), 'BAD_USER_INPUT/INPUT.INVALID'))).toEqual([
        'certificationId',
      ]);
      await registry.refused(() => send(SUSPEND, { certificationId: 'no-such-cert', reason: 'x' }, tokens.issuer), 'NOT_FOUND/CERTIFICATION.NOT_FOUND');
      await registry.refused(() => send(REINSTATE, {}, tokens.issuer), 'CONFLICT/CERTIFICATION.NOT_SUSPENDED');
    });

    it('suspend with a reason, then reinstate (the issuing certifier)', async () => {
      const { suspendCertification: s } = ok(await send(SUSPEND, { reason: 'Audit finding' }, tokens.issuer));
      expect(s).toMatchObject({ status: 'SUSPENDED', suspensionReason: 'Audit finding', version: 2 });
      expect(s.suspendedAt).toBe(s.history[1].issuedAt);
      await registry.refused(() => send(SUSPEND, { reason: 'Again' }, tokens.issuer), 'CONFLICT/CERTIFICATION.NOT_ACTIVE');
      expect(ok(await registry.gql(LIST, { status: 'SUSPENDED' })).certifications.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([CERT_ID]);

      const { reinstateCertification: r } = ok(await send(REINSTATE, {}, tokens.issuer));
      expect(r).toMatchObject({ status: 'ACTIVE', suspendedAt: null, suspensionReason: null, version: 3 });
    });
  });

  describe('renewCertification', () => {
    it.each(notTheIssuer)('refuses %s', async (_, token) => {
      await registry.refused(() => send(RENEW, { validUntil: inDays(700) }, token()), 'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER');
    });

    it('refuses anonymous callers, a validUntil that is not later, and a non-date', async () => {
      await registry.refused(() => send(RENEW, { validUntil: inDays(700) }), 'UNAUTHENTICATED/AUTH.REQUIRED');
      await registry.refused(() => send(RENEW, { validUntil: inDays(30) }, tokens.issuer), 'BAD_USER_INPUT/CERTIFICATION.RENEWAL_NOT_LATER');
      await registry.refused(() => send(RENEW, { validUntil: 'next year' }, tokens.issuer), 'BAD_USER_INPUT/INPUT.INVALID_SCALAR');
    });

    it('moves validUntil later (the issuing certifier, still accredited)', async () => {
      const until = new Date(Date.now() + 700 * DAY);
      until.setUTCMilliseconds(0);
      const { renewCertification: c } = ok(await send(RENEW, { validUntil: until.toISOString() }, tokens.issuer));
      expect(c).toMatchObject({ status: 'ACTIVE', validUntil: until.toISOString(), version: 4 });
      expect(c.history[3]).toMatchObject({ type: 'CertificationRenewed', data: { validUntil: until.toISOString() } });
    });
  });

  describe('amendCertificationScope', () => {
    const amended = {
      scope: { useCases: ['lending', 'hiring'], riskTier: 'HIGH' },
      results: [
        { requirementId: 'HK-AI-01', result: 'PASS' },
        { requirementId: 'HK-AI-04', result: 'PASS' },
        { requirementId: 'HK-AI-05', result: 'NOT_APPLICABLE' },
      ],
    };

    it.each(notTheIssuer)('refuses %s', async (_, token) => {
      await registry.refused(() => send(AMEND, amended, token()), 'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER');
    });

    it('refuses anonymous callers, bad input, use cases outside the accreditation and no change', async () => {
      await registry.refused(() => send(AMEND, amended), 'UNAUTHENTICATED/AUTH.REQUIRED');
      expect(fieldsOf(await registry.refused(() => send(AMEND, { ...amended, results: [] }, tokens.issuer), 'BAD_USER_INPUT/INPUT.INVALID'))).toEqual([
        'results',
      ]);
      await registry.refused(
        () => send(AMEND, { ...amended, scope: { useCases: ['law-enforcement'], riskTier: 'HIGH' } }, tokens.issuer),
        'FORBIDDEN/CERTIFICATION.OUTSIDE_ACCREDITATION',
      );
      await registry.refused(
        () => send(AMEND, { ...amended, results: [{ requirementId: 'HK-AI-42', result: 'PASS' }] }, tokens.issuer),
        'BAD_USER_INPUT/CERTIFICATION.UNKNOWN_REQUIREMENT',
      );
      await registry.refused(
        () => send(AMEND, { scope: issueInput().scope, results: issueInput().results }, tokens.issuer),
        'CONFLICT/CERTIFICATION.SCOPE_UNCHANGED',
      );
    });

    it('replaces the scope and results (the issuing certifier)', async () => {
      const { amendCertificationScope: c } = ok(await send(AMEND, amended, tokens.issuer));
      expect(c).toMatchObject({ ...amended, version: 5 });
    });
  });

  describe('certifications (public search)', () => {
    beforeAll(async () => {
      // An already-expired certification, for the derived EXPIRED status.
      ok(await issue({ certificationId: 'loanlens-1-0-old', validFrom: inDays(-400), validUntil: inDays(-30) }));
    });
    const ids = (r: GraphQLResponse) => ok(r).certifications.edges.map((e: { node: { id: string } }) => e.node.id);

    it('filters by model, version, firm, certifier and status (EXPIRED derived from validUntil)', async () => {
      expect(ids(await registry.gql(LIST, { modelId: 'loanlens' }))).toEqual(['loanlens-1-0-hkai', 'loanlens-1-0-old']);
      expect(ids(await registry.gql(LIST, { modelId: 'loanlens', modelVersion: '1.0', status: 'EXPIRED' }))).toEqual(['loanlens-1-0-old']);
      expect(ids(await registry.gql(LIST, { firmId: 'harbour-lending', status: 'ACTIVE' }))).toEqual(['creditscope-2-1-hkai', 'loanlens-1-0-hkai']);
      expect(ids(await registry.gql(LIST, { certifierId: 'hkcb-demo' }))).toEqual([
        'creditscope-2-1-hkai',
        'loanlens-1-0-hkai',
        'loanlens-1-0-old',
        'pearl-chat-1-0-hkai',
      ]);
      expect(ids(await registry.gql(LIST, { certifierId: 'cb-002' }))).toEqual([]);
      expect(ids(await registry.gql(LIST, { status: 'REVOKED' }))).toEqual([]);
      expect(ok(await registry.gql(GET, { id: 'loanlens-1-0-old' })).certification.status).toBe('EXPIRED');
    });

    it('pages with cursors and counts every match', async () => {
      const first = ok(await registry.gql(LIST, { first: 2 })).certifications;
      expect(first.totalCount).toBe(4);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = ok(await registry.gql(LIST, { first: 2, after: first.pageInfo.endCursor })).certifications;
      expect([...first.edges, ...second.edges].map((e: { node: { id: string } }) => e.node.id)).toEqual([
        'creditscope-2-1-hkai',
        'loanlens-1-0-hkai',
        'loanlens-1-0-old',
        'pearl-chat-1-0-hkai',
      ]);
      expect(second.pageInfo.hasNextPage).toBe(false);
    });

    it.each([
      [{ first: 0 }, 'BAD_USER_INPUT/INPUT.INVALID_PAGE_SIZE'],
      [{ first: 101 }, 'BAD_USER_INPUT/INPUT.INVALID_PAGE_SIZE'],
      [{ after: 'bm9wZQ' }, 'BAD_USER_INPUT/INPUT.INVALID_CURSOR'],
      [{ modelId: 'Loan Lens' }, 'BAD_USER_INPUT/INPUT.INVALID'],
      [{ firmId: 'X' }, 'BAD_USER_INPUT/INPUT.INVALID'],
      [{ certifierId: 'CB 1' }, 'BAD_USER_INPUT/INPUT.INVALID'],
      [{ modelVersion: '1.0' }, 'BAD_USER_INPUT/INPUT.INVALID'],
      [{ status: 'LAPSED' }, 'BAD_USER_INPUT/GRAPHQL.BAD_USER_INPUT'],
    ])('refuses %o', async (variables, code) => {
      expect(errorCodes(await registry.gql(LIST, variables))).toEqual([code]);
    });
  });

  describe('revokeCertification', () => {
    it.each(notTheIssuer)('refuses %s', async (_, token) => {
      await registry.refused(() => send(REVOKE, { reason: 'Fraud' }, token()), 'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER');
    });

    it('refuses anonymous callers and a blank reason', async () => {
      await registry.refused(() => send(REVOKE, { reason: 'Fraud' }), 'UNAUTHENTICATED/AUTH.REQUIRED');
      expect(fieldsOf(await registry.refused(() => send(REVOKE, { reason: '' }, tokens.issuer), 'BAD_USER_INPUT/INPUT.INVALID'))).toEqual(['reason']);
    });

    it('revokes for good: every later command is refused', async () => {
      const { revokeCertification: c } = ok(await send(REVOKE, { reason: 'Material misstatement in the audit' }, tokens.issuer));
      expect(c).toMatchObject({ status: 'REVOKED', revocationReason: 'Material misstatement in the audit', version: 6 });
      expect(c.revokedAt).toBe(c.history[5].issuedAt);
      await registry.refused(() => send(REVOKE, { reason: 'Again' }, tokens.issuer), 'CONFLICT/CERTIFICATION.ALREADY_REVOKED');
      await registry.refused(() => send(SUSPEND, { reason: 'Late' }, tokens.issuer), 'CONFLICT/CERTIFICATION.ALREADY_REVOKED');
      await registry.refused(() => send(REINSTATE, {}, tokens.issuer), 'CONFLICT/CERTIFICATION.ALREADY_REVOKED');
      await registry.refused(() => send(RENEW, { validUntil: inDays(2000) }, tokens.issuer), 'CONFLICT/CERTIFICATION.ALREADY_REVOKED');
      expect(ids(await registry.gql(LIST, { status: 'REVOKED' }))).toEqual([CERT_ID]);
    });
    const ids = (r: GraphQLResponse) => ok(r).certifications.edges.map((e: { node: { id: string } }) => e.node.id);
  });
});

/**
 * Issue 9: `certifications(frameworkVersion:)`, on a registry of its own (a second HK-AI version and a certifier
 * accredited for both, so the filter has something to tell apart), alone, with the other filters, under paging.
 */
describe('certifications(frameworkVersion:) over HTTP', () => {
  let registry: RunningRegistry;
  let certifier: string;
  const FV_LIST = `query($frameworkVersion: String, $modelId: ID, $modelVersion: String, $firmId: ID, $certifierId: ID, $status: CertificationStatus, $first: Int, $after: String) {
    certifications(frameworkVersion: $frameworkVersion, modelId: $modelId, modelVersion: $modelVersion, firmId: $firmId, certifierId: $certifierId, status: $status, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id frameworkVersion } } } }`;
  const list = (variables: Record<string, unknown>, token?: string) => registry.gql(FV_LIST, variables, token);
  const ids = (r: GraphQLResponse) => ok(r).certifications.edges.map((e: { node: { id: string } }) => e.node.id);
  /** Certifications of fvlens by cb-fv: [id, model version, framework version]. fv-d is suspended below. */
  const ISSUED = [
    ['fv-a', '1.0', '1.0'],
    ['fv-b', '2.0', '1.0'],
    ['fv-c', '1.0', '0.9-draft'],
    ['fv-d', '2.0', '1.0'],
    ['fv-e', '1.0', '1.0'],
  ] as const;

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    const registrar = await registry.token('REGISTRAR', 'registrar-hk');
    const owner = await registry.token('FIRM', 'harbour-admin', 'harbour-lending');
    certifier = await registry.token('CERTIFIER', 'cb-fv', 'cb-fv');
    const must = async (doc: string, variables: Record<string, unknown>, token: string) => ok(await registry.gql(doc, variables, token));
    await must(
      `mutation($input: PublishFrameworkInput!) { publishFramework(input: $input) { id } }`,
      {
        input: {
          frameworkId: 'HK-AI',
          version: '1.0',
          jurisdiction: 'HK',
          title: 'HK-AI Standard 1.0 (test)',
          effectiveFrom: '2026-06-01T00:00:00.000Z',
          requirements: ['HK-AI-01', 'HK-AI-04'].map((id) => ({ id, title: `Requirement ${id}`, appliesWhen: {} })),
        },
      },
      registrar,
    );
    await must(
      `mutation($input: AccreditCertifierInput!) { accreditCertifier(input: $input) { id } }`,
      {
        input: {
          certifierId: 'cb-fv',
          name: 'Framework-version test body',
          scope: { frameworkVersions: ['0.9-draft', '1.0'], useCases: ['lending'] },
          validFrom: inDays(-10),
          validUntil: inDays(700),
        },
      },
      registrar,
    );
    await must(
      MODEL,
      {
        m: { modelId: 'fvlens', firmId: 'harbour-lending', name: 'FV Lens', kind: { generative: false, generalPurpose: false } },
        v: { modelId: 'fvlens', version: '1.0', weightsDigest: digest('1') },
      },
      owner,
    );
    await must(
      `mutation($v: RegisterModelVersionInput!) { registerModelVersion(input: $v) { id } }`,
      { v: { modelId: 'fvlens', version: '2.0', weightsDigest: digest('2') } },
      owner,
    );
    for (const [id, modelVersion, frameworkVersion] of ISSUED)
      await must(
        ISSUE,
        {
          input: lendingCertification(id, {
            certifierId: 'cb-fv',
            modelId: 'fvlens',
            modelVersion,
            weightsDigest: digest(modelVersion === '1.0' ? '1' : '2'),
            frameworkVersion,
          }),
        },
        certifier,
      );
    await must(SUSPEND, { input: { certificationId: 'fv-d', reason: 'Test suspension' } }, certifier);
  });
  afterAll(() => registry.stop());

  it('keeps exactly the certifications of that version, matched exactly (no prefix, no case folding)', async () => {
    const all = ok(await list({ first: 100 })).certifications;
    expect(all.totalCount).toBe(7);
    const v1 = ok(await list({ frameworkVersion: '1.0' })).certifications;
    expect(v1.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['fv-a', 'fv-b', 'fv-d', 'fv-e']);
    expect(v1.edges.every((e: { node: { frameworkVersion: string } }) => e.node.frameworkVersion === '1.0')).toBe(true);
    expect(v1.totalCount).toBe(4);
    // The demo's two certifications are against the draft.
    expect(ids(await list({ frameworkVersion: '0.9-draft' }))).toEqual(['creditscope-2-1-hkai', 'fv-c', 'pearl-chat-1-0-hkai']);
    // '1._' is a well-formed label: matched as a value, never as a LIKE pattern ('_' would match the '0' of '1.0').
    for (const frameworkVersion of ['1', '0.9', '0.9-DRAFT', 'v9', '1.0.0', '1._']) {
      const none = ok(await list({ frameworkVersion })).certifications;
      expect([none.totalCount, none.edges]).toEqual([0, []]);
    }
  });

  it('is public: anonymous callers and every role get the same answer', async () => {
    const anonymous = ids(await list({ frameworkVersion: '1.0' }));
    for (const token of [certifier, await registry.token('FIRM', 'cathay-admin', 'cathay-vision'), await registry.token('REGULATOR', 'eu', 'EU')])
      expect(ids(await list({ frameworkVersion: '1.0' }, token))).toEqual(anonymous);
  });

  it('combines with model, model version, firm, certifier and status', async () => {
    expect(ids(await list({ frameworkVersion: '1.0', modelId: 'fvlens', modelVersion: '2.0' }))).toEqual(['fv-b', 'fv-d']);
    expect(ids(await list({ frameworkVersion: '1.0', modelId: 'fvlens', modelVersion: '2.0', status: 'SUSPENDED' }))).toEqual(['fv-d']);
    expect(ids(await list({ frameworkVersion: '1.0', status: 'ACTIVE' }))).toEqual(['fv-a', 'fv-b', 'fv-e']);
    expect(ids(await list({ frameworkVersion: '0.9-draft', status: 'SUSPENDED' }))).toEqual([]);
    expect(ids(await list({ frameworkVersion: '0.9-draft', firmId: 'harbour-lending' }))).toEqual(['creditscope-2-1-hkai', 'fv-c']);
    expect(ids(await list({ frameworkVersion: '0.9-draft', certifierId: 'cb-fv' }))).toEqual(['fv-c']);
    expect(ids(await list({ frameworkVersion: '1.0', certifierId: 'hkcb-demo' }))).toEqual([]);
    const combined = ok(await list({ frameworkVersion: '1.0', modelId: 'fvlens', modelVersion: '1.0', firmId: 'harbour-lending', certifierId: 'cb-fv' }));
    expect(combined.certifications.totalCount).toBe(2);
    expect(ids(await list({ frameworkVersion: '1.0', modelId: 'fvlens', modelVersion: '1.0', firmId: 'harbour-lending', certifierId: 'cb-fv' }))).toEqual([
      'fv-a',
      'fv-e',
    ]);
  });

  it('pages with cursors under the filter: every match once, counts and page flags judged under it', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; ; page++) {
      const { certifications: c } = ok(await list({ frameworkVersion: '1.0', first: 1, after }));
      expect(c.totalCount).toBe(4);
      expect(c.pageInfo.hasPreviousPage).toBe(page > 0);
      seen.push(...c.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen).toEqual(['fv-a', 'fv-b', 'fv-d', 'fv-e']);
    // A cursor taken from outside the filter (fv-c is against the draft) still positions the page by id.
    const unfiltered = ok(await list({ first: 100 })).certifications.edges;
    const fvC = unfiltered.find((e: { node: { id: string } }) => e.node.id === 'fv-c').cursor;
    const { certifications: rest } = ok(await list({ frameworkVersion: '1.0', first: 10, after: fvC }));
    expect(rest.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(['fv-d', 'fv-e']);
    expect([rest.totalCount, rest.pageInfo.hasPreviousPage, rest.pageInfo.hasNextPage]).toEqual([4, true, false]);
  });

  it.each([
    ['empty', ''],
    ['a leading space', ' 1.0'],
    ['a trailing space', '1.0 '],
    ['33 characters', 'x'.repeat(33)],
    ['10,000 characters', 'y'.repeat(10_000)],
    ['a quote (SQL)', "1.0' OR '1'='1"],
    ['a LIKE wildcard', '1.0%'],
    ['a leading dash', '-1.0'],
    ['a leading dot', '.'],
    ['a NUL', '1.0\u0000'],
    ['a newline', '1.0\n'],
    ['a full-width digit', '1.０'],
    ['a non-ASCII letter', 'é'],
  ])('refuses a frameworkVersion with %s naming the argument, appending nothing', async (_, frameworkVersion) => {
    await registry.refusedNaming(() => list({ frameworkVersion, modelId: 'fvlens' }), 'frameworkVersion');
  });

  it('refuses a frameworkVersion that is not a string at the schema, and one written inline like one in a variable', async () => {
    for (const frameworkVersion of [10, true, ['1.0'], { version: '1.0' }])
      await registry.refused(() => list({ frameworkVersion }), 'BAD_USER_INPUT/GRAPHQL.BAD_USER_INPUT');
    await registry.refusedNaming(() => registry.gql(`{ certifications(frameworkVersion: "1.0' --") { totalCount } }`), 'frameworkVersion');
    expect(ok(await registry.gql(`{ certifications(frameworkVersion: "1.0") { totalCount } }`)).certifications.totalCount).toBe(4);
  });
});
