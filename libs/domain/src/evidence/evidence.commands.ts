import { DomainCommand } from '../shared/command';

/**
 * Facts from other streams, looked up by the shell at the command's time:
 * - ownerFirmId: the firm owning the model (null: no such model, or no such version of it);
 * - certifierIds: the certifiers that certified this model version;
 * - equivalenceConditionIds: the conditions of the equivalence (null: no such equivalence; []: it has none, i.e. FULL).
 */
export interface EvidenceContext {
  readonly ownerFirmId: string | null;
  readonly certifierIds: readonly string[];
  readonly equivalenceConditionIds: readonly string[] | null;
}

interface ConditionRef {
  equivalenceId: string;
  conditionId: string;
  modelId: string;
  version: string;
}

export type RecordConditionEvidence = DomainCommand<'RecordConditionEvidence', ConditionRef & { evidence: string; context: EvidenceContext }>;
/** Withdrawal depends only on what was recorded: `equivalenceConditionIds` is not consulted. */
export type WithdrawConditionEvidence = DomainCommand<'WithdrawConditionEvidence', ConditionRef & { reason: string; context: EvidenceContext }>;

export type ConditionEvidenceCommand = RecordConditionEvidence | WithdrawConditionEvidence;
