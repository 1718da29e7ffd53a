import { DomainEvent, streamName } from '@registry/kernel';
import { Instant } from '../shared/values';

/**
 * A firm or certifier states that one supplementary condition of a PARTIAL equivalence is met for one model
 * version. `evidence` is a description or a document digest, as given. While it stands, the verdict counts that
 * condition as evidenced for this version.
 */
export type ConditionEvidenceRecorded = DomainEvent<
  'ConditionEvidenceRecorded',
  { equivalenceId: string; conditionId: string; modelId: string; version: string; evidence: string; recordedBy: 'FIRM' | 'CERTIFIER'; recordedAt: Instant }
>;
/** The condition is no longer evidenced for this version; it may be evidenced again. */
export type ConditionEvidenceWithdrawn = DomainEvent<
  'ConditionEvidenceWithdrawn',
  {
    equivalenceId: string;
    conditionId: string;
    modelId: string;
    version: string;
    reason: string;
    withdrawnBy: 'FIRM' | 'CERTIFIER' | 'REGISTRAR';
    withdrawnAt: Instant;
  }
>;

export type ConditionEvidenceEvent = ConditionEvidenceRecorded | ConditionEvidenceWithdrawn;

/** One stream per (equivalence, model version): it holds the evidence for every condition of that equivalence. */
export const conditionEvidenceStreamId = (equivalenceId: string, modelId: string, version: string) => streamName('evidence', equivalenceId, modelId, version);
export const EVIDENCE_MAX = 2000;
