import { Actor, fold, RegistryError } from '@registry/kernel';
import { deciderSpec } from '@registry/kernel/testing/decider-spec';
import { CountersignatureVerification, ProposeEquivalence } from './equivalence.commands';
import { equivalenceDecider } from './equivalence.decider';
import { EquivalenceEvent, EquivalenceProposed } from './equivalence.events';
import { registrar, euAiOffice as euRegulator, imda as sgRegulator, cb1 as certifier, acme as firm, at } from '../testing/parties';

const proposalData: Omit<EquivalenceProposed['data'], 'proposedAt'> = {
  equivalenceId: 'eq-1',
  hk: { framework: 'HK-AI', version: '0.9-draft', requirementId: 'HK-AI-08' },
  foreign: { framework: 'EU-AI-ACT', version: '2024/1689-HR', requirementId: 'ART-14' },
  foreignJurisdiction: 'EU',
  strength: 'FULL',
  conditions: [],
  scope: { useCases: ['lending', 'hiring'] },
  effectiveFrom: '2026-06-01T00:00:00.000Z',
  effectiveUntil: null,
  illustrative: true,
};
const context = { hkRequirementExists: true, foreignRequirementExists: true, foreignFrameworkJurisdiction: 'EU' };
const propose = (over: Partial<ProposeEquivalence['data']> = {}, actor = registrar): ProposeEquivalence => ({
  type: 'ProposeEquivalence',
  data: { ...proposalData, context, ...over },
  actor,
  issuedAt: at,
});
const proposed: EquivalenceEvent = { type: 'EquivalenceProposed', data: { ...proposalData, proposedAt: '2026-05-01T00:00:00.000Z' } };
const countersigned: EquivalenceEvent = {
  type: 'EquivalenceCountersigned',
  data: {
    equivalenceId: 'eq-1',
    jurisdiction: 'EU',
    countersignedAt: '2026-05-02T00:00:00.000Z',
    countersignature: { jws: 'eyJhbGciOiJFUzI1NiJ9..c2ln', keyId: 'k-eu-1', alg: 'ES256' },
  },
};
const withdrawn: EquivalenceEvent = {
  type: 'EquivalenceWithdrawn',
  data: { equivalenceId: 'eq-1', withdrawnBy: 'REGISTRAR', reason: 'x', withdrawnAt: '2026-05-03T00:00:00.000Z' },
};
const rejected: EquivalenceEvent = {
  type: 'EquivalenceRejected',
  data: { equivalenceId: 'eq-1', jurisdiction: 'EU', reason: 'no', rejectedAt: '2026-05-03T00:00:00.000Z' },
};

const spec = deciderSpec(equivalenceDecider);
const JWS = 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImstZXUtMSJ9..c2lnbmF0dXJl';
const valid: CountersignatureVerification = { outcome: 'VALID', keyId: 'k-eu-1', alg: 'ES256', detail: 'verified' };
const signedBy = { jws: JWS, keyId: 'k-eu-1', alg: 'ES256' } as const;
const cmd = <T extends 'CountersignEquivalence' | 'RejectEquivalence' | 'WithdrawEquivalence'>(
  type: T,
  actor: Actor,
  reason = 'policy change',
  verification: CountersignatureVerification | null = valid,
) =>
  ({
    type,
    data: type === 'CountersignEquivalence' ? { equivalenceId: 'eq-1', jws: JWS, verification } : { equivalenceId: 'eq-1', reason },
    actor,
    issuedAt: at,
  }) as never;

describe('equivalence decider', () => {
  describe('ProposeEquivalence', () => {
    it('records a FULL proposal stamped with the command time', () =>
      spec
        .given([])
        .when(propose())
        .then([{ type: 'EquivalenceProposed', data: { ...proposalData, proposedAt: at } }]));
    it('records a PARTIAL proposal with its conditions', () => {
      const conditions = [{ id: 'C1', text: 'EU-format data governance file' }];
      spec
        .given([])
        .when(propose({ strength: 'PARTIAL', conditions }))
        .then([{ type: 'EquivalenceProposed', data: { ...proposalData, strength: 'PARTIAL', conditions, proposedAt: at } }]);
    });
    it.each([euRegulator, certifier, firm])('refuses %o', (actor) => spec.given([]).when(propose({}, actor)).thenFails('EQUIVALENCE.REGISTRAR_ONLY'));
    it('refuses a second proposal with the same id', () => spec.given([proposed]).when(propose()).thenFails('EQUIVALENCE.ALREADY_EXISTS'));
    it('refuses an HK side that is not HK-AI', () =>
      spec
        .given([])
        .when(propose({ hk: { framework: 'SG-MGF-GENAI', version: '1', requirementId: 'X' } }))
        .thenFails('EQUIVALENCE.HK_SIDE_NOT_HK_AI'));
    it('refuses HK-AI on the foreign side', () =>
      spec
        .given([])
        .when(propose({ foreign: proposalData.hk }))
        .thenFails('EQUIVALENCE.FOREIGN_SIDE_IS_HK_AI'));
    it('refuses unknown requirements on either side', () => {
      spec
        .given([])
        .when(propose({ context: { ...context, hkRequirementExists: false } }))
        .thenFails('EQUIVALENCE.UNKNOWN_REQUIREMENT');
      spec
        .given([])
        .when(propose({ context: { ...context, foreignRequirementExists: false } }))
        .thenFails('EQUIVALENCE.UNKNOWN_REQUIREMENT');
    });
    it('refuses a jurisdiction that is not the foreign framework’s', () =>
      spec
        .given([])
        .when(propose({ foreignJurisdiction: 'SG' }))
        .thenFails('EQUIVALENCE.JURISDICTION_MISMATCH'));
    it('refuses PARTIAL without conditions and FULL with some', () => {
      spec
        .given([])
        .when(propose({ strength: 'PARTIAL' }))
        .thenFails('EQUIVALENCE.CONDITIONS');
      spec
        .given([])
        .when(propose({ conditions: [{ id: 'C1', text: 'x' }] }))
        .thenFails('EQUIVALENCE.CONDITIONS');
    });
    it('refuses duplicate condition ids', () =>
      spec
        .given([])
        .when(
          propose({
            strength: 'PARTIAL',
            conditions: [
              { id: 'C1', text: 'a' },
              { id: 'C1', text: 'b' },
            ],
          }),
        )
        .thenFails('EQUIVALENCE.DUPLICATE_CONDITION'));
    it('refuses an empty scope, a bad use case and an inverted window', () => {
      spec
        .given([])
        .when(propose({ scope: { useCases: [] } }))
        .thenFails('INPUT.EMPTY_SCOPE');
      spec
        .given([])
        .when(propose({ scope: { useCases: ['Lending!'] } }))
        .thenFails('INPUT.INVALID_USE_CASE');
      spec
        .given([])
        .when(propose({ effectiveUntil: '2026-01-01T00:00:00.000Z' }))
        .thenFails('INPUT.INVALID_WINDOW');
    });
  });

  describe('CountersignEquivalence', () => {
    it('puts a proposal in force when the regulator of its jurisdiction countersigns, storing its verified JWS and key', () =>
      spec
        .given([proposed])
        .when(cmd('CountersignEquivalence', euRegulator))
        .then([{ type: 'EquivalenceCountersigned', data: { equivalenceId: 'eq-1', jurisdiction: 'EU', countersignedAt: at, countersignature: signedBy } }]));
    it.each([
      ['MALFORMED', 'COUNTERSIGNATURE.MALFORMED', 'BAD_USER_INPUT'],
      ['NO_KEY', 'COUNTERSIGNATURE.NO_REGULATOR_KEY', 'FORBIDDEN'],
      ['UNKNOWN_KEY', 'COUNTERSIGNATURE.UNKNOWN_KEY', 'FORBIDDEN'],
      ['KEY_NOT_VALID', 'COUNTERSIGNATURE.KEY_NOT_VALID', 'FORBIDDEN'],
      ['BAD_SIGNATURE', 'COUNTERSIGNATURE.INVALID_SIGNATURE', 'FORBIDDEN'],
    ] as const)('refuses a countersignature found %s: %s', (outcome, code, category) => {
      spec
        .given([proposed])
        .when(cmd('CountersignEquivalence', euRegulator, '', { outcome, keyId: null, alg: null, detail: 'x' }))
        .thenFails(code);
      try {
        equivalenceDecider.decide(
          cmd('CountersignEquivalence', euRegulator, '', { outcome, keyId: null, alg: null, detail: 'x' }),
          fold(equivalenceDecider, [proposed]),
        );
      } catch (e) {
        expect((e as RegistryError).category).toBe(category);
      }
    });
    it('refuses a countersignature nobody verified', () =>
      spec
        .given([proposed])
        .when(cmd('CountersignEquivalence', euRegulator, '', null))
        .thenFails('COUNTERSIGNATURE.NOT_VERIFIED'));
    it('keeps a countersignature written before JWSs were required as valid history, with no JWS', () => {
      const legacy: EquivalenceEvent = {
        type: 'EquivalenceCountersigned',
        data: { equivalenceId: 'eq-1', jurisdiction: 'EU', countersignedAt: '2026-05-02T00:00:00.000Z' },
      };
      expect(fold(equivalenceDecider, [proposed, legacy])).toMatchObject({ status: 'COUNTERSIGNED', countersignature: null });
    });
    it('refuses the regulator of another jurisdiction, the registrar and firms', () => {
      for (const actor of [sgRegulator, registrar, firm, certifier])
        spec.given([proposed]).when(cmd('CountersignEquivalence', actor)).thenFails('EQUIVALENCE.WRONG_JURISDICTION');
    });
    it('refuses an unknown equivalence', () => spec.given([]).when(cmd('CountersignEquivalence', euRegulator)).thenFails('EQUIVALENCE.NOT_FOUND'));
    it('refuses countersigning twice, or after rejection or withdrawal', () => {
      spec.given([proposed, countersigned]).when(cmd('CountersignEquivalence', euRegulator)).thenFails('EQUIVALENCE.NOT_PROPOSED');
      spec.given([proposed, rejected]).when(cmd('CountersignEquivalence', euRegulator)).thenFails('EQUIVALENCE.NOT_PROPOSED');
      spec.given([proposed, withdrawn]).when(cmd('CountersignEquivalence', euRegulator)).thenFails('EQUIVALENCE.NOT_PROPOSED');
    });
  });

  describe('RejectEquivalence', () => {
    it('lets the regulator reject a pending proposal with a reason', () =>
      spec
        .given([proposed])
        .when(cmd('RejectEquivalence', euRegulator, 'scope too wide'))
        .then([{ type: 'EquivalenceRejected', data: { equivalenceId: 'eq-1', jurisdiction: 'EU', reason: 'scope too wide', rejectedAt: at } }]));
    it('refuses another jurisdiction, a countersigned one, and an empty reason', () => {
      spec.given([proposed]).when(cmd('RejectEquivalence', sgRegulator)).thenFails('EQUIVALENCE.WRONG_JURISDICTION');
      spec.given([proposed, countersigned]).when(cmd('RejectEquivalence', euRegulator)).thenFails('EQUIVALENCE.NOT_PROPOSED');
      spec
        .given([proposed])
        .when(cmd('RejectEquivalence', euRegulator, '  '))
        .thenFails('EQUIVALENCE.REASON_REQUIRED');
    });
  });

  describe('WithdrawEquivalence', () => {
    it('lets the regulator withdraw its countersignature', () =>
      spec
        .given([proposed, countersigned])
        .when(cmd('WithdrawEquivalence', euRegulator))
        .then([{ type: 'EquivalenceWithdrawn', data: { equivalenceId: 'eq-1', withdrawnBy: 'REGULATOR', reason: 'policy change', withdrawnAt: at } }]));
    it('lets the registrar withdraw a proposal or an equivalence in force', () => {
      spec
        .given([proposed])
        .when(cmd('WithdrawEquivalence', registrar))
        .then([{ type: 'EquivalenceWithdrawn', data: { equivalenceId: 'eq-1', withdrawnBy: 'REGISTRAR', reason: 'policy change', withdrawnAt: at } }]);
      spec
        .given([proposed, countersigned])
        .when(cmd('WithdrawEquivalence', registrar))
        .then([{ type: 'EquivalenceWithdrawn', data: { equivalenceId: 'eq-1', withdrawnBy: 'REGISTRAR', reason: 'policy change', withdrawnAt: at } }]);
    });
    it('refuses other regulators, firms and certifiers', () => {
      for (const actor of [sgRegulator, firm, certifier])
        spec.given([proposed, countersigned]).when(cmd('WithdrawEquivalence', actor)).thenFails('EQUIVALENCE.WRONG_JURISDICTION');
    });
    it('refuses withdrawing twice or after rejection, and an empty reason', () => {
      spec.given([proposed, withdrawn]).when(cmd('WithdrawEquivalence', registrar)).thenFails('EQUIVALENCE.NOT_WITHDRAWABLE');
      spec.given([proposed, rejected]).when(cmd('WithdrawEquivalence', registrar)).thenFails('EQUIVALENCE.NOT_WITHDRAWABLE');
      spec
        .given([proposed])
        .when(cmd('WithdrawEquivalence', registrar, ''))
        .thenFails('EQUIVALENCE.REASON_REQUIRED');
    });
  });
});
