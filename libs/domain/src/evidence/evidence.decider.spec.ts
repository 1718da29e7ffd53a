import { fold } from '@registry/kernel';
import { deciderSpec } from '@registry/kernel/testing/decider-spec';
import { RecordConditionEvidence, WithdrawConditionEvidence } from './evidence.commands';
import { conditionEvidenceDecider } from './evidence.decider';
import { ConditionEvidenceEvent, conditionEvidenceStreamId } from './evidence.events';
import { acme, globex, cb1, cb2, registrar, euAiOffice as regulator, at } from '../testing/parties';

const ref = { equivalenceId: 'eq-2', conditionId: 'C1', modelId: 'lendwise', version: '1.0' };
const context = { ownerFirmId: 'acme', certifierIds: ['cb-001'], equivalenceConditionIds: ['C1', 'C2'] };
const record = (over: Partial<RecordConditionEvidence['data']> = {}, actor = acme): RecordConditionEvidence => ({
  type: 'RecordConditionEvidence',
  data: { ...ref, evidence: 'Human-oversight runbook v3, sha256:' + 'd'.repeat(64), context, ...over },
  actor,
  issuedAt: at,
});
const withdraw = (over: Partial<WithdrawConditionEvidence['data']> = {}, actor = acme): WithdrawConditionEvidence => ({
  type: 'WithdrawConditionEvidence',
  data: { ...ref, reason: 'runbook superseded', context, ...over },
  actor,
  issuedAt: at,
});
const recordedC1: ConditionEvidenceEvent = {
  type: 'ConditionEvidenceRecorded',
  data: { ...ref, evidence: 'runbook v2', recordedBy: 'FIRM', recordedAt: '2026-10-01T00:00:00.000Z' },
};
const recordedC2: ConditionEvidenceEvent = {
  type: 'ConditionEvidenceRecorded',
  data: { ...ref, conditionId: 'C2', evidence: 'bias test report', recordedBy: 'CERTIFIER', recordedAt: '2026-10-02T00:00:00.000Z' },
};
const withdrawnC1: ConditionEvidenceEvent = {
  type: 'ConditionEvidenceWithdrawn',
  data: { ...ref, reason: 'x', withdrawnBy: 'FIRM', withdrawnAt: '2026-10-03T00:00:00.000Z' },
};
const spec = deciderSpec(conditionEvidenceDecider);

describe('condition evidence decider', () => {
  it('names one stream per equivalence and model version', () =>
    expect(conditionEvidenceStreamId('eq-2', 'lendwise', '1.0')).toBe('evidence-eq-2/lendwise/1.0'));

  it('keeps the set of conditions currently evidenced', () => {
    expect(fold(conditionEvidenceDecider, [recordedC1, recordedC2])).toEqual({
      status: 'EVIDENCED',
      equivalenceId: 'eq-2',
      modelId: 'lendwise',
      version: '1.0',
      conditionIds: ['C1', 'C2'],
    });
    expect(fold(conditionEvidenceDecider, [recordedC1, recordedC2, withdrawnC1])).toMatchObject({ status: 'EVIDENCED', conditionIds: ['C2'] });
    expect(fold(conditionEvidenceDecider, [recordedC1, withdrawnC1])).toEqual({ status: 'NONE' });
  });

  describe('RecordConditionEvidence', () => {
    const evidence = 'Human-oversight runbook v3, sha256:' + 'd'.repeat(64);

    it('lets the owning firm evidence a condition, stamped with the command time', () =>
      spec
        .given([])
        .when(record())
        .then([{ type: 'ConditionEvidenceRecorded', data: { ...ref, evidence, recordedBy: 'FIRM', recordedAt: at } }]));
    it('lets a certifier of this model version evidence another condition', () =>
      spec
        .given([recordedC1])
        .when(record({ conditionId: 'C2' }, cb1))
        .then([{ type: 'ConditionEvidenceRecorded', data: { ...ref, conditionId: 'C2', evidence, recordedBy: 'CERTIFIER', recordedAt: at } }]));
    it('evidences a condition again after its evidence was withdrawn', () =>
      spec
        .given([recordedC1, withdrawnC1])
        .when(record())
        .then([{ type: 'ConditionEvidenceRecorded', data: { ...ref, evidence, recordedBy: 'FIRM', recordedAt: at } }]));
    it('refuses an unknown equivalence', () =>
      spec
        .given([])
        .when(record({ context: { ...context, equivalenceConditionIds: null } }))
        .thenFails('EVIDENCE.EQUIVALENCE_NOT_FOUND'));
    it('refuses an unknown model version', () =>
      spec
        .given([])
        .when(record({ context: { ...context, ownerFirmId: null } }))
        .thenFails('EVIDENCE.MODEL_VERSION_NOT_FOUND'));
    it.each([globex, cb2, registrar, regulator])('refuses anyone but the owner or a certifier of this version (%o)', (actor) =>
      spec.given([]).when(record({}, actor)).thenFails('EVIDENCE.NOT_OWNER_OR_CERTIFIER'),
    );
    it('refuses a condition the equivalence does not have, or any condition of a FULL equivalence', () => {
      spec
        .given([])
        .when(record({ conditionId: 'C9' }))
        .thenFails('EVIDENCE.UNKNOWN_CONDITION');
      spec
        .given([])
        .when(record({ context: { ...context, equivalenceConditionIds: [] } }))
        .thenFails('EVIDENCE.UNKNOWN_CONDITION');
    });
    it('refuses evidencing the same condition twice, whoever records it', () => {
      spec.given([recordedC1]).when(record()).thenFails('EVIDENCE.ALREADY_RECORDED');
      spec.given([recordedC1]).when(record({}, cb1)).thenFails('EVIDENCE.ALREADY_RECORDED');
    });
    it('refuses empty or over-long evidence', () => {
      spec
        .given([])
        .when(record({ evidence: ' ' }))
        .thenFails('EVIDENCE.INVALID');
      spec
        .given([])
        .when(record({ evidence: 'x'.repeat(2001) }))
        .thenFails('EVIDENCE.INVALID');
    });
    it('accepts evidence of exactly 2000 characters', () =>
      spec
        .given([])
        .when(record({ evidence: 'x'.repeat(2000) }))
        .then([{ type: 'ConditionEvidenceRecorded', data: { ...ref, evidence: 'x'.repeat(2000), recordedBy: 'FIRM', recordedAt: at } }]));
  });

  describe('WithdrawConditionEvidence', () => {
    const withdrawnBy = (by: 'FIRM' | 'CERTIFIER' | 'REGISTRAR'): ConditionEvidenceEvent => ({
      type: 'ConditionEvidenceWithdrawn',
      data: { ...ref, reason: 'runbook superseded', withdrawnBy: by, withdrawnAt: at },
    });

    it('lets the owning firm withdraw evidence', () =>
      spec
        .given([recordedC1, recordedC2])
        .when(withdraw())
        .then([withdrawnBy('FIRM')]));
    it('lets a certifier of this version withdraw evidence', () =>
      spec
        .given([recordedC1])
        .when(withdraw({}, cb1))
        .then([withdrawnBy('CERTIFIER')]));
    it('lets the registrar withdraw evidence', () =>
      spec
        .given([recordedC1])
        .when(withdraw({}, registrar))
        .then([withdrawnBy('REGISTRAR')]));
    it.each([globex, cb2, regulator])('refuses anyone else (%o)', (actor) =>
      spec.given([recordedC1]).when(withdraw({}, actor)).thenFails('EVIDENCE.NOT_OWNER_OR_CERTIFIER'),
    );
    it('refuses a condition with no standing evidence', () => {
      spec.given([]).when(withdraw()).thenFails('EVIDENCE.NOT_FOUND');
      spec.given([recordedC2]).when(withdraw()).thenFails('EVIDENCE.NOT_FOUND');
      spec.given([recordedC1, withdrawnC1]).when(withdraw()).thenFails('EVIDENCE.NOT_FOUND');
    });
    it('refuses a withdrawal without a reason', () =>
      spec
        .given([recordedC1])
        .when(withdraw({ reason: '' }))
        .thenFails('EVIDENCE.REASON_REQUIRED'));
  });
});
