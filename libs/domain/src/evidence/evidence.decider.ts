import { Actor, assertNever, Decider } from '@registry/kernel';
import { ConditionEvidenceCommand, EvidenceContext } from './evidence.commands';
import { EvidenceErrors } from './evidence.errors';
import { ConditionEvidenceEvent, EVIDENCE_MAX } from './evidence.events';

/** The conditions currently evidenced for one (equivalence, model version); back to NONE when the last is withdrawn. */
export type ConditionEvidenceState =
  | { readonly status: 'NONE' }
  | {
      readonly status: 'EVIDENCED';
      readonly equivalenceId: string;
      readonly modelId: string;
      readonly version: string;
      readonly conditionIds: readonly string[];
    };

/** Who may speak for this model version: its owner firm, or a certifier that certified it. */
const speaksAs = (actor: Actor, context: EvidenceContext): 'FIRM' | 'CERTIFIER' | null => {
  if (actor.role === 'FIRM' && context.ownerFirmId !== null && actor.scope === context.ownerFirmId) return 'FIRM';
  if (actor.role === 'CERTIFIER' && actor.scope !== undefined && context.certifierIds.includes(actor.scope)) return 'CERTIFIER';
  return null;
};

const evidenced = (state: ConditionEvidenceState): readonly string[] => (state.status === 'EVIDENCED' ? state.conditionIds : []);

export const conditionEvidenceDecider: Decider<ConditionEvidenceCommand, ConditionEvidenceEvent, ConditionEvidenceState> = {
  initialState: () => ({ status: 'NONE' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'ConditionEvidenceRecorded': {
        const { equivalenceId, modelId, version, conditionId } = event.data;
        const conditionIds = evidenced(state);
        return {
          status: 'EVIDENCED',
          equivalenceId,
          modelId,
          version,
          conditionIds: conditionIds.includes(conditionId) ? conditionIds : [...conditionIds, conditionId],
        };
      }
      case 'ConditionEvidenceWithdrawn': {
        if (state.status !== 'EVIDENCED') return state;
        const conditionIds = state.conditionIds.filter((id) => id !== event.data.conditionId);
        return conditionIds.length === 0 ? { status: 'NONE' } : { ...state, conditionIds };
      }
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'RecordConditionEvidence': {
        const { context, ...d } = command.data;
        if (context.equivalenceConditionIds === null) throw EvidenceErrors.equivalenceNotFound(d.equivalenceId);
        if (context.ownerFirmId === null) throw EvidenceErrors.modelVersionNotFound(d.modelId, d.version);
        const recordedBy = speaksAs(command.actor, context);
        if (recordedBy === null) throw EvidenceErrors.notOwnerOrCertifier(false);
        if (!context.equivalenceConditionIds.includes(d.conditionId))
          throw EvidenceErrors.unknownCondition(d.equivalenceId, d.conditionId, context.equivalenceConditionIds.length > 0);
        if (evidenced(state).includes(d.conditionId)) throw EvidenceErrors.alreadyRecorded(d.conditionId);
        if (!d.evidence.trim() || d.evidence.length > EVIDENCE_MAX)
          throw EvidenceErrors.invalid('evidence', `evidence must be 1 to ${EVIDENCE_MAX} characters`);
        return [{ type: 'ConditionEvidenceRecorded', data: { ...d, recordedBy, recordedAt: command.issuedAt } }];
      }
      case 'WithdrawConditionEvidence': {
        const { context, reason, ...ref } = command.data;
        if (!evidenced(state).includes(ref.conditionId)) throw EvidenceErrors.notFound(ref.conditionId);
        const withdrawnBy = command.actor.role === 'REGISTRAR' ? 'REGISTRAR' : speaksAs(command.actor, context);
        if (withdrawnBy === null) throw EvidenceErrors.notOwnerOrCertifier(true);
        if (!reason.trim()) throw EvidenceErrors.reasonRequired();
        return [{ type: 'ConditionEvidenceWithdrawn', data: { ...ref, reason, withdrawnBy, withdrawnAt: command.issuedAt } }];
      }
      default:
        return assertNever(command);
    }
  },
};
