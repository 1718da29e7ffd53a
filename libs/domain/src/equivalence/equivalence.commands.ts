import { DomainCommand } from '../shared/command';
import { EquivalenceProposed } from './equivalence.events';

/** Facts the shell looks up in the framework streams before proposing. */
export interface ProposalContext {
  /** The HK-AI requirement named exists in that published version. */
  readonly hkRequirementExists: boolean;
  /** The foreign requirement exists, and the jurisdiction its framework belongs to (null: unknown framework). */
  readonly foreignRequirementExists: boolean;
  readonly foreignFrameworkJurisdiction: string | null;
}

export type ProposeEquivalence = DomainCommand<'ProposeEquivalence', Omit<EquivalenceProposed['data'], 'proposedAt'> & { context: ProposalContext }>;
export type CountersignEquivalence = DomainCommand<'CountersignEquivalence', { equivalenceId: string }>;
export type RejectEquivalence = DomainCommand<'RejectEquivalence', { equivalenceId: string; reason: string }>;
export type WithdrawEquivalence = DomainCommand<'WithdrawEquivalence', { equivalenceId: string; reason: string }>;

export type EquivalenceCommand = ProposeEquivalence | CountersignEquivalence | RejectEquivalence | WithdrawEquivalence;
