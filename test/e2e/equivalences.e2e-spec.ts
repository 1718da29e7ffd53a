import { equivalenceProposal as proposal } from './support/fixtures';
import { errorCodes, ok, RunningRegistry } from './support/registry';
import { TestRegulatorKey } from './support/regulator-keys';

const SIDE = `framework version requirementId title`;
const HISTORY = `history { eventId type streamVersion position issuedAt data actor { subject role actingFor } }`;
const EQUIVALENCE = `id status hk { ${SIDE} } foreign { ${SIDE} } foreignJurisdiction strength conditions { id text } scope { useCases }
  effectiveFrom effectiveUntil illustrative proposedAt countersignedAt rejectedAt rejectionReason withdrawnAt withdrawnBy withdrawalReason version ${HISTORY}`;
const PROPOSE = `mutation($input: ProposeEquivalenceInput!) { proposeEquivalence(input: $input) { ${EQUIVALENCE} } }`;
const COUNTERSIGN = `mutation($input: CountersignEquivalenceInput!) { countersignEquivalence(input: $input) { ${EQUIVALENCE} } }`;
const REJECT = `mutation($input: RejectEquivalenceInput!) { rejectEquivalence(input: $input) { ${EQUIVALENCE} } }`;
const WITHDRAW = `mutation($input: WithdrawEquivalenceInput!) { withdrawEquivalence(input: $input) { ${EQUIVALENCE} } }`;
const GET = `query($id: ID!) { equivalence(id: $id) { ${EQUIVALENCE} } }`;
const RECOGNITIONS = `query($jurisdiction: String!, $asOf: DateTime, $knownAt: LogPosition) {
  recognitions(jurisdiction: $jurisdiction, asOf: $asOf, knownAt: $knownAt) {
    jurisdiction asOf computedAt hkRequirementIds
    recognitions { equivalenceId hk { ${SIDE} } foreign { ${SIDE} } strength conditions { id text } scope { useCases }
      effectiveFrom effectiveUntil foreignVersionInForce countersignedAt withdrawnAt illustrative evidence { eventId position type } } } }`;
const VERDICT = `query($input: ExportReadinessInput!) { exportReadiness(input: $input) {
  asOf computedAt status lines { requirement { requirementId } status reason via { equivalenceId hkRequirementId certificationId } evidence { eventId position type } } } }`;

const PARTIAL = { strength: 'PARTIAL', conditions: [{ id: 'C1', text: 'Logs kept for at least six months' }] };

describe('equivalences over HTTP (embedded store, demo catalog)', () => {
  let registry: RunningRegistry;
  const tokens: Record<'registrar' | 'euRegulator' | 'sgRegulator' | 'certifier' | 'firm', string> = {} as never;
  /** The EU regulator's key, registered by the registrar: every countersignature here is a JWS it made. */
  let euKey: TestRegulatorKey;

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    tokens.registrar = await registry.token('REGISTRAR', 'registrar-hk');
    // The demo's regulators hold no tokens: these are ours.
    tokens.euRegulator = await registry.token('REGULATOR', 'eu-ai-office', 'EU');
    tokens.sgRegulator = await registry.token('REGULATOR', 'imda', 'SG');
    tokens.certifier = await registry.token('CERTIFIER', 'hkcb-demo', 'hkcb-demo');
    tokens.firm = await registry.token('FIRM', 'harbour-admin', 'harbour-lending');
    euKey = await TestRegulatorKey.generate('ES256');
    await euKey.register(registry, 'EU', tokens.registrar);
  });
  afterAll(() => registry.stop());

  const propose = (input: Record<string, unknown>, token: string = tokens.registrar) => registry.gql(PROPOSE, { input }, token);
  const countersign = async (equivalenceId: string, token?: string, over: Record<string, unknown> = {}) =>
    registry.gql(COUNTERSIGN, { input: { equivalenceId, jws: await euKey.signEquivalence(registry, equivalenceId), ...over } }, token);
  const reject = (equivalenceId: string, token?: string, reason = 'Scope too wide', over: Record<string, unknown> = {}) =>
    registry.gql(REJECT, { input: { equivalenceId, reason, ...over } }, token);
  const withdraw = (equivalenceId: string, token?: string, reason = 'Policy change', over: Record<string, unknown> = {}) =>
    registry.gql(WITHDRAW, { input: { equivalenceId, reason, ...over } }, token);
  const recognitions = (variables: Record<string, unknown>, token?: string) => registry.gql(RECOGNITIONS, variables, token);
  const verdict = (input: Record<string, unknown>) => registry.gql(VERDICT, { input });
  const otherThanRegistrar = [
    ['CERTIFIER', () => tokens.certifier],
    ['REGULATOR (EU)', () => tokens.euRegulator],
    ['FIRM', () => tokens.firm],
  ] as const;
  /** Everyone but the registrar and the EU regulator, for an EU equivalence. */
  const notThatRegulator = [
    ['REGISTRAR', () => tokens.registrar],
    ['REGULATOR (SG)', () => tokens.sgRegulator],
    ['CERTIFIER', () => tokens.certifier],
    ['FIRM', () => tokens.firm],
  ] as const;

  describe('equivalence(id) (public)', () => {
    it('reads a demo proposal anonymously, with the requirements’ titles and its history', async () => {
      const eq = ok(await registry.gql(GET, { id: 'eq-hk04-eu-art13' })).equivalence;
      expect(eq).toMatchObject({
        id: 'eq-hk04-eu-art13',
        status: 'PROPOSED',
        hk: { framework: 'HK-AI', version: '0.9-draft', requirementId: 'HK-AI-04', title: expect.stringContaining('Right to explanation') },
        foreign: { framework: 'EU-AI-ACT', version: '2024/1689-HR', requirementId: 'ART-13', title: 'Transparency and provision of information to deployers' },
        foreignJurisdiction: 'EU',
        strength: 'FULL',
        conditions: [],
        scope: { useCases: ['hiring', 'lending', 'law-enforcement'] },
        effectiveFrom: '2026-06-01T00:00:00.000Z',
        effectiveUntil: null,
        illustrative: true,
        countersignedAt: null,
        rejectedAt: null,
        withdrawnAt: null,
        withdrawnBy: null,
        version: 1,
      });
      expect(eq.history).toHaveLength(1);
      expect(eq.history[0]).toMatchObject({ type: 'EquivalenceProposed', streamVersion: 1, actor: { subject: null, role: 'REGISTRAR', actingFor: null } });
      expect(eq.proposedAt).toBe(eq.history[0].issuedAt);
    });

    it('reads a countersigned PARTIAL one as IN_FORCE with its conditions, and null for an unknown id', async () => {
      const r = ok(
        await registry.gql(`{ known: equivalence(id: "eq-hk07-eu-art10") { status strength conditions { id } countersignedAt history { type actor { subject actingFor } } }
        unknown: equivalence(id: "eq-nothing") { id } }`),
      );
      expect(r.unknown).toBeNull();
      expect(r.known).toMatchObject({ status: 'IN_FORCE', strength: 'PARTIAL', conditions: [{ id: 'C1' }, { id: 'C2' }] });
      expect(r.known.countersignedAt).toMatch(/^\d{4}-/);
      expect(r.known.history.map((h: { type: string }) => h.type)).toEqual(['EquivalenceProposed', 'EquivalenceCountersigned']);
      // Anonymous: the regulator's jurisdiction is public, its officer's login is not.
      expect(r.known.history[1].actor).toEqual({ subject: null, actingFor: 'EU' });
    });
  });

  describe('proposeEquivalence', () => {
    it('lets the registrar propose; answers with the equivalence as stored (PROPOSED, not illustrative by default)', async () => {
      const eq = ok(
        await propose({ ...proposal('eq-test-hk05-eu-art12'), ...PARTIAL, effectiveUntil: '2030-01-01T00:00:00Z' }, tokens.registrar),
      ).proposeEquivalence;
      expect(eq).toMatchObject({
        id: 'eq-test-hk05-eu-art12',
        status: 'PROPOSED',
        hk: { requirementId: 'HK-AI-05' },
        foreign: { requirementId: 'ART-12', title: 'Record-keeping' },
        strength: 'PARTIAL',
        conditions: [{ id: 'C1', text: 'Logs kept for at least six months' }],
        scope: { useCases: ['lending'] },
        effectiveUntil: '2030-01-01T00:00:00.000Z',
        illustrative: false,
        countersignedAt: null,
        version: 1,
      });
      expect(eq.history[0]).toMatchObject({
        type: 'EquivalenceProposed',
        actor: { subject: 'registrar-hk', role: 'REGISTRAR', actingFor: null },
        data: { equivalenceId: 'eq-test-hk05-eu-art12', foreignJurisdiction: 'EU', illustrative: false, effectiveFrom: '2026-06-01T00:00:00.000Z' },
      });
    });

    it('refuses anonymous callers: UNAUTHENTICATED', () =>
      registry.refused(() => registry.gql(PROPOSE, { input: proposal('eq-test-anon') }), 'UNAUTHENTICATED/AUTH.REQUIRED'));

    it.each(otherThanRegistrar)('refuses the %s role: FORBIDDEN EQUIVALENCE.REGISTRAR_ONLY', (_, token) =>
      registry.refused(() => propose(proposal('eq-test-sneaky'), token()), 'FORBIDDEN/EQUIVALENCE.REGISTRAR_ONLY'),
    );

    it.each([
      ['the same id twice', proposal('eq-test-hk05-eu-art12'), 'CONFLICT/EQUIVALENCE.ALREADY_EXISTS'],
      ['a demo id', proposal('eq-hk04-eu-art13'), 'CONFLICT/EQUIVALENCE.ALREADY_EXISTS'],
      [
        'an HK side that is not HK-AI',
        proposal('eq-test-x', { hk: { framework: 'SG-MGF-GENAI', version: '2024-05', requirementId: 'DIM-1' } }),
        'BAD_USER_INPUT/EQUIVALENCE.HK_SIDE_NOT_HK_AI',
      ],
      [
        'HK-AI on the foreign side',
        proposal('eq-test-x', { foreign: { framework: 'HK-AI', version: '0.9-draft', requirementId: 'HK-AI-01' } }),
        'BAD_USER_INPUT/EQUIVALENCE.FOREIGN_SIDE_IS_HK_AI',
      ],
      [
        'an unknown HK-AI requirement',
        proposal('eq-test-x', { hk: { framework: 'HK-AI', version: '0.9-draft', requirementId: 'HK-AI-99' } }),
        'NOT_FOUND/EQUIVALENCE.UNKNOWN_REQUIREMENT',
      ],
      [
        'an unpublished HK-AI version',
        proposal('eq-test-x', { hk: { framework: 'HK-AI', version: '2.0', requirementId: 'HK-AI-05' } }),
        'NOT_FOUND/EQUIVALENCE.UNKNOWN_REQUIREMENT',
      ],
      [
        'a foreign requirement absent from the named version',
        proposal('eq-test-x', { foreign: { framework: 'EU-AI-ACT', version: '2024/1689', requirementId: 'ART-12' } }),
        'NOT_FOUND/EQUIVALENCE.UNKNOWN_REQUIREMENT',
      ],
      [
        'an unknown foreign framework',
        proposal('eq-test-x', { foreign: { framework: 'BR-AI', version: '1', requirementId: 'ART-1' }, foreignJurisdiction: 'BR' }),
        'NOT_FOUND/EQUIVALENCE.UNKNOWN_REQUIREMENT',
      ],
      [
        'a jurisdiction that is not the foreign framework’s',
        proposal('eq-test-x', { foreignJurisdiction: 'SG' }),
        'BAD_USER_INPUT/EQUIVALENCE.JURISDICTION_MISMATCH',
      ],
      ['PARTIAL without conditions', proposal('eq-test-x', { strength: 'PARTIAL' }), 'BAD_USER_INPUT/EQUIVALENCE.CONDITIONS'],
      ['FULL with conditions', proposal('eq-test-x', { conditions: PARTIAL.conditions }), 'BAD_USER_INPUT/EQUIVALENCE.CONDITIONS'],
      [
        'duplicate condition ids',
        proposal('eq-test-x', {
          strength: 'PARTIAL',
          conditions: [
            { id: 'C1', text: 'a' },
            { id: 'C1', text: 'b' },
          ],
        }),
        'BAD_USER_INPUT/EQUIVALENCE.DUPLICATE_CONDITION',
      ],
    ])('refuses %s, appending nothing', (_, input, expected) => registry.refused(() => propose(input), expected));

    it.each([
      [{ equivalenceId: 'Bad Id' }, 'equivalenceId'],
      [{ hk: { framework: 'hk-ai', version: '0.9-draft', requirementId: 'HK-AI-05' } }, 'hk.framework'],
      [{ hk: { framework: 'HK-AI', version: ' ', requirementId: 'HK-AI-05' } }, 'hk.version'],
      [{ foreign: { framework: 'EU-AI-ACT', version: '2024/1689-HR', requirementId: 'art 12' } }, 'foreign.requirementId'],
      [{ foreignJurisdiction: 'eu' }, 'foreignJurisdiction'],
      [{ ...PARTIAL, conditions: [{ id: 'C1', text: '  ' }] }, 'conditions.0.text'],
      [{ ...PARTIAL, conditions: [{ id: 'C 1', text: 'x' }] }, 'conditions.0.id'],
      [{ ...PARTIAL, conditions: Array.from({ length: 21 }, (_, i) => ({ id: `C${i}`, text: 'x' })) }, 'conditions'],
      [{ scope: { useCases: [] } }, 'scope.useCases'],
      [{ scope: { useCases: ['Lending!'] } }, 'scope.useCases'],
      [{ effectiveUntil: '2026-01-01T00:00:00Z' }, 'effectiveUntil'],
      [{ idempotencyKey: 'k'.repeat(129) }, 'idempotencyKey'],
    ])('refuses bad input %o naming the field: BAD_USER_INPUT INPUT.INVALID', (over, field) =>
      registry.refusedNaming(() => propose(proposal('eq-test-bad', over)), field),
    );

    it('refuses malformed enums, scalars and missing fields before any resolver runs: BAD_USER_INPUT', async () => {
      await registry.refused(() => propose(proposal('eq-test-bad', { strength: 'HALF' })), 'BAD_USER_INPUT/GRAPHQL.BAD_USER_INPUT');
      const r = await registry.refused(() => propose(proposal('eq-test-bad', { effectiveFrom: 'next June' })), 'BAD_USER_INPUT/INPUT.INVALID_SCALAR');
      expect(r.errors[0].message).toContain('DateTime');
      const { scope: _scope, ...noScope } = proposal('eq-test-bad');
      await registry.refused(() => propose(noScope), 'BAD_USER_INPUT/GRAPHQL.BAD_USER_INPUT');
    });

    it('returns the first answer when an idempotency key is re-sent, writing once; refuses the key re-used for another request', async () => {
      const input = { ...proposal('eq-test-idem'), idempotencyKey: 'propose-eq-test-idem' };
      const first = ok(await propose(input)).proposeEquivalence;
      const before = await registry.eventCount();
      const again = ok(await propose(input)).proposeEquivalence;
      expect(again.history.map((h: { eventId: string }) => h.eventId)).toEqual(first.history.map((h: { eventId: string }) => h.eventId));
      expect(await registry.eventCount()).toBe(before);
      await registry.refused(
        () => propose({ ...proposal('eq-test-idem-2'), idempotencyKey: 'propose-eq-test-idem' }),
        'CONFLICT/EVENT_STORE.IDEMPOTENCY_KEY_REUSED',
      );
    });
  });

  describe('countersignEquivalence', () => {
    beforeAll(async () => {
      ok(await propose(proposal('eq-test-sign')));
    });

    it('refuses anonymous callers: UNAUTHENTICATED', () => registry.refused(() => countersign('eq-test-sign'), 'UNAUTHENTICATED/AUTH.REQUIRED'));

    it.each(notThatRegulator)('refuses the %s role: FORBIDDEN EQUIVALENCE.WRONG_JURISDICTION', (_, token) =>
      registry.refused(() => countersign('eq-test-sign', token()), 'FORBIDDEN/EQUIVALENCE.WRONG_JURISDICTION'),
    );

    it('lets the regulator of the foreign jurisdiction countersign: IN_FORCE, attributed to it', async () => {
      const eq = ok(await countersign('eq-test-sign', tokens.euRegulator, { idempotencyKey: 'sign-eq-test-sign' })).countersignEquivalence;
      expect(eq).toMatchObject({ status: 'IN_FORCE', version: 2 });
      expect(eq.history[1]).toMatchObject({
        type: 'EquivalenceCountersigned',
        streamVersion: 2,
        actor: { subject: 'eu-ai-office', role: 'REGULATOR', actingFor: 'EU' },
        data: { equivalenceId: 'eq-test-sign', jurisdiction: 'EU' },
      });
      expect(eq.countersignedAt).toBe(eq.history[1].issuedAt);
    });

    it('answers an idempotent replay with the first answer, writing nothing', async () => {
      const before = await registry.eventCount();
      const again = ok(await countersign('eq-test-sign', tokens.euRegulator, { idempotencyKey: 'sign-eq-test-sign' })).countersignEquivalence;
      expect(again.status).toBe('IN_FORCE');
      expect(again.history).toHaveLength(2);
      expect(await registry.eventCount()).toBe(before);
    });

    it('refuses countersigning twice (CONFLICT EQUIVALENCE.NOT_PROPOSED), an unknown equivalence and bad input', async () => {
      await registry.refused(() => countersign('eq-test-sign', tokens.euRegulator), 'CONFLICT/EQUIVALENCE.NOT_PROPOSED');
      await registry.refused(() => countersign('eq-test-nothing', tokens.euRegulator), 'NOT_FOUND/EQUIVALENCE.NOT_FOUND');
      await registry.refusedNaming(() => countersign('Not An Id', tokens.euRegulator), 'equivalenceId');
      await registry.refusedNaming(() => countersign('eq-test-sign', tokens.euRegulator, { idempotencyKey: '' }), 'idempotencyKey');
    });
  });

  describe('rejectEquivalence', () => {
    beforeAll(async () => {
      ok(await propose(proposal('eq-test-reject')));
    });

    it('refuses anonymous callers: UNAUTHENTICATED', () => registry.refused(() => reject('eq-test-reject'), 'UNAUTHENTICATED/AUTH.REQUIRED'));

    it.each(notThatRegulator)('refuses the %s role: FORBIDDEN EQUIVALENCE.WRONG_JURISDICTION', (_, token) =>
      registry.refused(() => reject('eq-test-reject', token()), 'FORBIDDEN/EQUIVALENCE.WRONG_JURISDICTION'),
    );

    it.each([
      ['', 'reason'],
      ['   ', 'reason'],
      ['x'.repeat(501), 'reason'],
    ])('refuses the reason %j naming the field', (reason, field) => registry.refusedNaming(() => reject('eq-test-reject', tokens.euRegulator, reason), field));

    it('lets the regulator of the foreign jurisdiction reject it, with its reason', async () => {
      const eq = ok(await reject('eq-test-reject', tokens.euRegulator, 'Explanations are not given to deployers')).rejectEquivalence;
      expect(eq).toMatchObject({ status: 'REJECTED', rejectionReason: 'Explanations are not given to deployers', countersignedAt: null, version: 2 });
      expect(eq.rejectedAt).toBe(eq.history[1].issuedAt);
      expect(eq.history[1]).toMatchObject({ type: 'EquivalenceRejected', actor: { subject: 'eu-ai-office', role: 'REGULATOR', actingFor: 'EU' } });
    });

    it('refuses anything after a rejection: NOT_PROPOSED to reject or countersign, NOT_WITHDRAWABLE to withdraw', async () => {
      await registry.refused(() => reject('eq-test-reject', tokens.euRegulator), 'CONFLICT/EQUIVALENCE.NOT_PROPOSED');
      await registry.refused(() => countersign('eq-test-reject', tokens.euRegulator), 'CONFLICT/EQUIVALENCE.NOT_PROPOSED');
      await registry.refused(() => withdraw('eq-test-reject', tokens.registrar), 'CONFLICT/EQUIVALENCE.NOT_WITHDRAWABLE');
      await registry.refused(() => reject('eq-test-nothing', tokens.euRegulator), 'NOT_FOUND/EQUIVALENCE.NOT_FOUND');
    });

    it('refuses rejecting an equivalence already in force: CONFLICT EQUIVALENCE.NOT_PROPOSED', () =>
      registry.refused(() => reject('eq-test-sign', tokens.euRegulator), 'CONFLICT/EQUIVALENCE.NOT_PROPOSED'));
  });

  describe('withdrawEquivalence', () => {
    beforeAll(async () => {
      ok(await propose(proposal('eq-test-withdraw-proposed')));
      ok(await propose(proposal('eq-test-withdraw-signed')));
      ok(await countersign('eq-test-withdraw-signed', tokens.euRegulator));
    });

    it('refuses anonymous callers: UNAUTHENTICATED', () => registry.refused(() => withdraw('eq-test-withdraw-signed'), 'UNAUTHENTICATED/AUTH.REQUIRED'));

    it.each(notThatRegulator.slice(1))('refuses the %s role: FORBIDDEN EQUIVALENCE.WRONG_JURISDICTION', (_, token) =>
      registry.refused(() => withdraw('eq-test-withdraw-signed', token()), 'FORBIDDEN/EQUIVALENCE.WRONG_JURISDICTION'),
    );

    it('lets the registrar withdraw a pending proposal', async () => {
      const eq = ok(await withdraw('eq-test-withdraw-proposed', tokens.registrar, 'Superseded by a better mapping')).withdrawEquivalence;
      expect(eq).toMatchObject({
        status: 'WITHDRAWN',
        withdrawnBy: 'REGISTRAR',
        withdrawalReason: 'Superseded by a better mapping',
        countersignedAt: null,
        version: 2,
      });
      expect(eq.history[1].actor).toEqual({ subject: 'registrar-hk', role: 'REGISTRAR', actingFor: null });
    });

    it('lets the registrar withdraw one in force, keeping when it was countersigned', async () => {
      const eq = ok(await withdraw('eq-test-withdraw-signed', tokens.registrar, 'HK-AI revision')).withdrawEquivalence;
      expect(eq).toMatchObject({ status: 'WITHDRAWN', withdrawnBy: 'REGISTRAR', version: 3 });
      expect(eq.countersignedAt).toBe(eq.history[1].issuedAt);
      expect(eq.withdrawnAt).toBe(eq.history[2].issuedAt);
    });

    it('lets the foreign regulator withdraw its countersignature, idempotently', async () => {
      const input = { idempotencyKey: 'withdraw-eq-test-sign' };
      const eq = ok(await withdraw('eq-test-sign', tokens.euRegulator, 'Policy change', input)).withdrawEquivalence;
      expect(eq).toMatchObject({ status: 'WITHDRAWN', withdrawnBy: 'REGULATOR', withdrawalReason: 'Policy change' });
      const before = await registry.eventCount();
      expect(ok(await withdraw('eq-test-sign', tokens.euRegulator, 'Policy change', input)).withdrawEquivalence.history).toEqual(eq.history);
      expect(await registry.eventCount()).toBe(before);
    });

    it('refuses withdrawing twice (CONFLICT EQUIVALENCE.NOT_WITHDRAWABLE), countersigning a withdrawn one, an unknown one and a blank reason', async () => {
      await registry.refused(() => withdraw('eq-test-sign', tokens.registrar), 'CONFLICT/EQUIVALENCE.NOT_WITHDRAWABLE');
      await registry.refused(() => withdraw('eq-test-sign', tokens.euRegulator, 'Again'), 'CONFLICT/EQUIVALENCE.NOT_WITHDRAWABLE');
      await registry.refused(() => countersign('eq-test-withdraw-proposed', tokens.euRegulator), 'CONFLICT/EQUIVALENCE.NOT_PROPOSED');
      await registry.refused(() => withdraw('eq-test-nothing', tokens.registrar), 'NOT_FOUND/EQUIVALENCE.NOT_FOUND');
      await registry.refusedNaming(() => withdraw('eq-test-withdraw-signed', tokens.registrar, ' '), 'reason');
    });
  });

  describe('mutual recognition: EU countersigns HK-AI-04 → ART-13, then withdraws it', () => {
    const lendingEu2028 = { modelId: 'creditscope', version: '2.1', jurisdiction: 'EU', useCase: 'lending', asOf: '2027-12-15T00:00:00Z' };
    const asOf = lendingEu2028.asOf;
    const art13 = (v: { lines: { requirement: { requirementId: string } }[] }) => v.lines.find((l) => l.requirement.requirementId === 'ART-13') as any;
    /** The demo's own recognitions (this file's test equivalences are named eq-test-*). */
    const demoIds = (r: { recognitions: { equivalenceId: string }[] }) => r.recognitions.map((x) => x.equivalenceId).filter((id) => !id.startsWith('eq-test-'));
    const DEMO_EU_IN_FORCE = [
      'eq-hk02-eu-art50',
      'eq-hk07-eu-art10',
      'eq-hk08-eu-art14',
      'eq-hk01-eu-art15',
      'eq-hk09-eu-art17',
      'eq-hk02-eu-art50-hr',
      'eq-hk10-eu-art72',
      'eq-hk01-eu-art9',
    ];

    let unsigned: any; // the verdict before the countersignature
    let recognisedBefore: any;
    let countersigned: any; // the equivalence once countersigned

    it('before: ART-13 is a GAP (EQUIVALENCE_NOT_COUNTERSIGNED), and the EU does not recognise HK-AI-04', async () => {
      unsigned = ok(await verdict(lendingEu2028)).exportReadiness;
      expect(art13(unsigned)).toMatchObject({
        status: 'GAP',
        reason: 'EQUIVALENCE_NOT_COUNTERSIGNED',
        via: { equivalenceId: 'eq-hk04-eu-art13', hkRequirementId: 'HK-AI-04' },
      });
      recognisedBefore = ok(await recognitions({ jurisdiction: 'EU', asOf })).recognitions;
      expect(recognisedBefore).toMatchObject({ jurisdiction: 'EU', asOf: '2027-12-15T00:00:00.000Z' });
      expect(demoIds(recognisedBefore).sort()).toEqual([...DEMO_EU_IN_FORCE].sort());
      expect(recognisedBefore.hkRequirementIds).not.toContain('HK-AI-04');
    });

    it('the EU regulator countersigns the demo proposal: IN_FORCE', async () => {
      countersigned = ok(await countersign('eq-hk04-eu-art13', tokens.euRegulator)).countersignEquivalence;
      expect(countersigned).toMatchObject({ id: 'eq-hk04-eu-art13', status: 'IN_FORCE', version: 2 });
      expect(countersigned.history.map((h: { type: string; actor: { subject: string } }) => [h.type, h.actor.subject])).toEqual([
        ['EquivalenceProposed', 'demo-catalog'],
        ['EquivalenceCountersigned', 'eu-ai-office'],
      ]);
    });

    it('after: ART-13 is SATISFIED through that equivalence, relying on the countersignature', async () => {
      const v = ok(await verdict(lendingEu2028)).exportReadiness;
      expect(art13(v)).toMatchObject({
        status: 'SATISFIED',
        reason: 'FULL_EQUIVALENCE',
        via: { equivalenceId: 'eq-hk04-eu-art13', hkRequirementId: 'HK-AI-04', certificationId: 'creditscope-2-1-hkai' },
      });
      expect(art13(v).evidence).toContainEqual({
        eventId: countersigned.history[1].eventId,
        position: countersigned.history[1].position,
        type: 'EquivalenceCountersigned',
      });
    });

    it('as known before the countersignature (knownAt), ART-13 is still EQUIVALENCE_NOT_COUNTERSIGNED, the same answer as then', async () => {
      expect(ok(await verdict({ ...lendingEu2028, knownAt: unsigned.computedAt })).exportReadiness).toEqual(unsigned);
      const [txid, position] = countersigned.history[1].position.split('.');
      const justBefore = `${txid}.${BigInt(position) - 1n}`; // the log order is (transaction, position)
      const then = ok(await verdict({ ...lendingEu2028, knownAt: justBefore })).exportReadiness;
      expect(then.computedAt).toBe(justBefore);
      expect(art13(then)).toMatchObject({ status: 'GAP', reason: 'EQUIVALENCE_NOT_COUNTERSIGNED' });
    });

    it('recognitions: the EU now recognises HK-AI-04 (as ART-13), not on a date before it countersigned, nor as known before', async () => {
      const now = ok(await recognitions({ jurisdiction: 'EU', asOf })).recognitions;
      expect(demoIds(now).sort()).toEqual([...DEMO_EU_IN_FORCE, 'eq-hk04-eu-art13'].sort());
      expect(now.hkRequirementIds).toContain('HK-AI-04');
      expect(now.recognitions.find((r: { equivalenceId: string }) => r.equivalenceId === 'eq-hk04-eu-art13')).toEqual({
        equivalenceId: 'eq-hk04-eu-art13',
        hk: countersigned.hk,
        foreign: { framework: 'EU-AI-ACT', version: '2024/1689-HR', requirementId: 'ART-13', title: 'Transparency and provision of information to deployers' },
        strength: 'FULL',
        conditions: [],
        scope: { useCases: ['hiring', 'lending', 'law-enforcement'] },
        effectiveFrom: '2026-06-01T00:00:00.000Z',
        effectiveUntil: null,
        foreignVersionInForce: true,
        countersignedAt: countersigned.countersignedAt,
        withdrawnAt: null,
        illustrative: true,
        evidence: countersigned.history.map((h: { eventId: string; position: string; type: string }) => ({
          eventId: h.eventId,
          position: h.position,
          type: h.type,
        })),
      });
      // Which did it recognise on a date D before the countersignature? Not this one.
      const dayBefore = new Date(Date.parse(countersigned.countersignedAt) - 86_400_000).toISOString();
      const onD = ok(await recognitions({ jurisdiction: 'EU', asOf: dayBefore })).recognitions;
      expect(demoIds(onD)).not.toContain('eq-hk04-eu-art13');
      // The high-risk version is not in force today: the recognition is agreed in advance.
      const today = ok(await recognitions({ jurisdiction: 'EU' })).recognitions;
      expect(today.recognitions.find((r: { equivalenceId: string }) => r.equivalenceId === 'eq-hk04-eu-art13').foreignVersionInForce).toBe(false);
      expect(today.recognitions.find((r: { equivalenceId: string }) => r.equivalenceId === 'eq-hk02-eu-art50').foreignVersionInForce).toBe(true);
      // As known before: the very same answer as then, forever.
      expect(ok(await recognitions({ jurisdiction: 'EU', asOf, knownAt: recognisedBefore.computedAt })).recognitions).toEqual(recognisedBefore);
    });

    it('the EU regulator withdraws it: ART-13 is a GAP again (EQUIVALENCE_WITHDRAWN), and it is no longer recognised', async () => {
      const withdrawn = ok(await withdraw('eq-hk04-eu-art13', tokens.euRegulator, 'Deployer information duties diverge')).withdrawEquivalence;
      expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', withdrawnBy: 'REGULATOR', countersignedAt: countersigned.countersignedAt, version: 3 });
      const v = ok(await verdict(lendingEu2028)).exportReadiness;
      expect(art13(v)).toMatchObject({ status: 'GAP', reason: 'EQUIVALENCE_WITHDRAWN', via: { equivalenceId: 'eq-hk04-eu-art13' } });
      const after = ok(await recognitions({ jurisdiction: 'EU', asOf })).recognitions;
      expect(demoIds(after).sort()).toEqual([...DEMO_EU_IN_FORCE].sort());
      expect(after.hkRequirementIds).not.toContain('HK-AI-04');
      // On the day it was countersigned it was recognised; the answer says when that ended.
      const between = ok(await recognitions({ jurisdiction: 'EU', asOf: countersigned.countersignedAt })).recognitions;
      expect(between.recognitions.find((r: { equivalenceId: string }) => r.equivalenceId === 'eq-hk04-eu-art13')).toMatchObject({
        withdrawnAt: withdrawn.withdrawnAt,
      });
    });
  });

  describe('recognitions (public)', () => {
    it('answers every role and anonymous callers alike, for each jurisdiction, with the position it was computed at', async () => {
      const sg = ok(await recognitions({ jurisdiction: 'SG', asOf: '2027-01-01T00:00:00Z' })).recognitions;
      expect(sg.recognitions.map((r: { equivalenceId: string }) => r.equivalenceId).sort()).toEqual(
        ['eq-hk02-sg-dim7', 'eq-hk05-sg-dim5', 'eq-hk06-sg-dim2', 'eq-hk09-sg-dim1', 'eq-hk10-sg-dim4'].sort(),
      );
      expect(sg.hkRequirementIds).toEqual(['HK-AI-02', 'HK-AI-05', 'HK-AI-06', 'HK-AI-09', 'HK-AI-10']);
      expect(sg.computedAt).toMatch(/^\d+\.\d+$/);
      for (const token of [tokens.registrar, tokens.sgRegulator, tokens.firm])
        expect(ok(await recognitions({ jurisdiction: 'SG', asOf: sg.asOf, knownAt: sg.computedAt }, token)).recognitions).toEqual(sg);
      // The SG recognitions have a fixed term: past it, nothing is recognised (expiry is derived, not an event).
      expect(ok(await recognitions({ jurisdiction: 'SG', asOf: '2028-06-01T00:00:00Z' })).recognitions.recognitions).toEqual([]);
      // Before the demo's effective date, nothing either; and a jurisdiction with no equivalence has none.
      expect(ok(await recognitions({ jurisdiction: 'EU', asOf: '2026-05-31T00:00:00Z' })).recognitions.recognitions).toEqual([]);
      expect(ok(await recognitions({ jurisdiction: 'BR' })).recognitions).toMatchObject({ hkRequirementIds: [], recognitions: [] });
    });

    it('lists PARTIAL recognitions with their conditions, and only countersigned ones', async () => {
      const cn = ok(await recognitions({ jurisdiction: 'CN', asOf: '2027-01-01T00:00:00Z' })).recognitions;
      expect(cn.recognitions.map((r: { equivalenceId: string }) => r.equivalenceId).sort()).toEqual(['eq-hk02-cn-lbl-implicit', 'eq-hk06-cn-genai7']);
      expect(cn.recognitions.find((r: { equivalenceId: string }) => r.equivalenceId === 'eq-hk06-cn-genai7')).toMatchObject({
        strength: 'PARTIAL',
        conditions: [{ id: 'C1' }],
        foreign: { framework: 'CN-GENAI', requirementId: 'GENAI-7' },
      });
    });

    it.each([
      [{ jurisdiction: 'eu' }, 'BAD_USER_INPUT/INPUT.INVALID', 'jurisdiction'],
      [{ jurisdiction: 'EU', knownAt: '999999999.999999999' }, 'BAD_USER_INPUT/VERDICT.KNOWN_AT_AHEAD_OF_LOG', 'knownAt'],
      [{ jurisdiction: 'EU', asOf: 'tomorrow' }, 'BAD_USER_INPUT/INPUT.INVALID_SCALAR', 'DateTime'],
      [{ jurisdiction: 'EU', knownAt: 'latest' }, 'BAD_USER_INPUT/INPUT.INVALID_SCALAR', 'LogPosition'],
    ])('refuses %o: %s naming %s', async (variables, code, named) => {
      const r = await recognitions(variables);
      expect(errorCodes(r)).toEqual([code]);
      expect(r.errors![0].message).toContain(named);
    });
  });
});
