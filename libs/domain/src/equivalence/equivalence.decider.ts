import { assertNever, Decider } from '@registry/kernel';
import { assertUseCases, assertWindow } from '../shared/values';
import { EquivalenceCommand } from './equivalence.commands';
import { EquivalenceErrors } from './equivalence.errors';
import { Countersignature, EquivalenceEvent, EquivalenceProposed } from './equivalence.events';

type Proposal = EquivalenceProposed['data'];

/** An equivalence recognises something only in COUNTERSIGNED, and only within its effective window. */
export type EquivalenceState =
  | { readonly status: 'NONE' }
  | { readonly status: 'PROPOSED'; readonly proposal: Proposal }
  | { readonly status: 'COUNTERSIGNED'; readonly proposal: Proposal; readonly countersignedAt: string; readonly countersignature: Countersignature | null }
  | { readonly status: 'REJECTED'; readonly proposal: Proposal }
  | { readonly status: 'WITHDRAWN'; readonly proposal: Proposal };

export const equivalenceDecider: Decider<EquivalenceCommand, EquivalenceEvent, EquivalenceState> = {
  initialState: () => ({ status: 'NONE' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'EquivalenceProposed':
        return { status: 'PROPOSED', proposal: event.data };
      case 'EquivalenceCountersigned':
        return state.status === 'PROPOSED'
          ? {
              status: 'COUNTERSIGNED',
              proposal: state.proposal,
              countersignedAt: event.data.countersignedAt,
              countersignature: event.data.countersignature ?? null,
            }
          : state;
      case 'EquivalenceRejected':
        return state.status === 'PROPOSED' ? { status: 'REJECTED', proposal: state.proposal } : state;
      case 'EquivalenceWithdrawn':
        return state.status === 'PROPOSED' || state.status === 'COUNTERSIGNED' ? { status: 'WITHDRAWN', proposal: state.proposal } : state;
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'ProposeEquivalence': {
        const { context, ...proposal } = command.data;
        if (command.actor.role !== 'REGISTRAR') throw EquivalenceErrors.registrarProposes();
        if (state.status !== 'NONE') throw EquivalenceErrors.alreadyExists(proposal.equivalenceId);
        if (proposal.hk.framework !== 'HK-AI') throw EquivalenceErrors.hkSideMustBeHkAi();
        if (proposal.foreign.framework === 'HK-AI') throw EquivalenceErrors.foreignSideIsHkAi();
        if (!context.hkRequirementExists) throw EquivalenceErrors.unknownRequirement('hk');
        if (!context.foreignRequirementExists || !context.foreignFrameworkJurisdiction) throw EquivalenceErrors.unknownRequirement('foreign');
        if (context.foreignFrameworkJurisdiction !== proposal.foreignJurisdiction)
          throw EquivalenceErrors.jurisdictionMismatch(context.foreignFrameworkJurisdiction);
        if ((proposal.strength === 'PARTIAL') !== proposal.conditions.length > 0) throw EquivalenceErrors.conditionsRule(proposal.strength);
        const ids = new Set<string>();
        for (const c of proposal.conditions) {
          if (ids.has(c.id)) throw EquivalenceErrors.duplicateCondition(c.id);
          ids.add(c.id);
        }
        assertUseCases('scope.useCases', proposal.scope.useCases);
        assertWindow('effectiveFrom', proposal.effectiveFrom, 'effectiveUntil', proposal.effectiveUntil);
        return [{ type: 'EquivalenceProposed', data: { ...proposal, proposedAt: command.issuedAt } }];
      }
      case 'CountersignEquivalence':
      case 'RejectEquivalence': {
        const { equivalenceId } = command.data;
        if (state.status === 'NONE') throw EquivalenceErrors.notFound(equivalenceId);
        const jurisdiction = state.proposal.foreignJurisdiction;
        if (command.actor.role !== 'REGULATOR' || command.actor.scope !== jurisdiction) throw EquivalenceErrors.notThatRegulator(jurisdiction);
        if (state.status !== 'PROPOSED') throw EquivalenceErrors.notProposed(equivalenceId, state.status);
        if (command.type === 'CountersignEquivalence') {
          // A countersignature is the regulator's signature over the proposal, not only its authenticated request.
          const v = command.data.verification;
          if (!v || v.outcome !== 'VALID' || !v.keyId || !v.alg)
            throw EquivalenceErrors.countersignature(v?.outcome ?? 'NOT_VERIFIED', v?.detail ?? '', v?.keyId ?? null);
          return [
            {
              type: 'EquivalenceCountersigned',
              data: { equivalenceId, jurisdiction, countersignedAt: command.issuedAt, countersignature: { jws: command.data.jws, keyId: v.keyId, alg: v.alg } },
            },
          ];
        }
        if (!command.data.reason.trim()) throw EquivalenceErrors.reasonRequired();
        return [{ type: 'EquivalenceRejected', data: { equivalenceId, jurisdiction, reason: command.data.reason, rejectedAt: command.issuedAt } }];
      }
      case 'WithdrawEquivalence': {
        const { equivalenceId, reason } = command.data;
        if (state.status === 'NONE') throw EquivalenceErrors.notFound(equivalenceId);
        const jurisdiction = state.proposal.foreignJurisdiction;
        const byRegulator = command.actor.role === 'REGULATOR' && command.actor.scope === jurisdiction;
        if (command.actor.role !== 'REGISTRAR' && !byRegulator) throw EquivalenceErrors.notThatRegulator(jurisdiction);
        if (state.status !== 'PROPOSED' && state.status !== 'COUNTERSIGNED') throw EquivalenceErrors.notWithdrawable(equivalenceId, state.status);
        if (!reason.trim()) throw EquivalenceErrors.reasonRequired();
        return [
          {
            type: 'EquivalenceWithdrawn',
            data: { equivalenceId, withdrawnBy: byRegulator ? 'REGULATOR' : 'REGISTRAR', reason, withdrawnAt: command.issuedAt },
          },
        ];
      }
      default:
        return assertNever(command);
    }
  },
};
