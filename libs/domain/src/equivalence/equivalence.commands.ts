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
/**
 * How the shell found the regulator's detached JWS over the equivalence as proposed, checked against the
 * jurisdiction's registered keys valid at the decision time (signature checking is crypto, not the decider's).
 * Null when there was no proposal to check it against.
 */
export interface CountersignatureVerification {
  readonly outcome: 'VALID' | 'MALFORMED' | 'NO_KEY' | 'UNKNOWN_KEY' | 'KEY_NOT_VALID' | 'BAD_SIGNATURE';
  readonly keyId: string | null;
  readonly alg: 'ES256' | 'EdDSA' | null;
  readonly detail: string;
}

export type CountersignEquivalence = DomainCommand<
  'CountersignEquivalence',
  { equivalenceId: string; jws: string; verification: CountersignatureVerification | null }
>;
export type RejectEquivalence = DomainCommand<'RejectEquivalence', { equivalenceId: string; reason: string }>;
export type WithdrawEquivalence = DomainCommand<'WithdrawEquivalence', { equivalenceId: string; reason: string }>;

export type EquivalenceCommand = ProposeEquivalence | CountersignEquivalence | RejectEquivalence | WithdrawEquivalence;
