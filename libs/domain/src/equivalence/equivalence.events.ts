import { DomainEvent, streamName } from '@registry/kernel';
import { Instant, Jurisdiction, RequirementRef, UseCase } from '../shared/values';

export type EquivalenceStrength = 'FULL' | 'PARTIAL';

/** What a firm must additionally show for a PARTIAL equivalence to count (evidenced per model version). */
export interface EquivalenceCondition {
  /** Stable id within the equivalence, e.g. `C1`. */
  readonly id: string;
  readonly text: string;
}

/**
 * The mutual-recognition record: one HK-AI requirement recognised as meeting one foreign requirement.
 * Proposed by the registrar; in force only once the foreign regulator of `foreignJurisdiction` countersigns.
 */
export type EquivalenceProposed = DomainEvent<
  'EquivalenceProposed',
  {
    equivalenceId: string;
    hk: RequirementRef;
    foreign: RequirementRef;
    foreignJurisdiction: Jurisdiction;
    strength: EquivalenceStrength;
    /** Empty for FULL; at least one for PARTIAL. */
    conditions: readonly EquivalenceCondition[];
    /** Use cases the recognition covers. */
    scope: { useCases: readonly UseCase[] };
    effectiveFrom: Instant;
    effectiveUntil: Instant | null;
    /** Demo catalog entries are illustrative: they show the mechanism, they are not legal advice. */
    illustrative: boolean;
    proposedAt: Instant;
  }
>;
/**
 * The regulator's detached JWS (RFC 7515 appendix F) over the RFC 8785 canonical content of the proposal, and
 * the registered key that verified it when it was appended.
 */
export interface Countersignature {
  readonly jws: string;
  readonly keyId: string;
  readonly alg: 'ES256' | 'EdDSA';
}

/**
 * `countersignature` is absent from events written before countersignatures were signatures: those stay valid
 * history (the regulator's authenticated act), but carry nothing a third party can verify.
 */
export type EquivalenceCountersigned = DomainEvent<
  'EquivalenceCountersigned',
  { equivalenceId: string; jurisdiction: Jurisdiction; countersignedAt: Instant; countersignature?: Countersignature }
>;
export type EquivalenceRejected = DomainEvent<
  'EquivalenceRejected',
  { equivalenceId: string; jurisdiction: Jurisdiction; reason: string; rejectedAt: Instant }
>;
export type EquivalenceWithdrawn = DomainEvent<
  'EquivalenceWithdrawn',
  { equivalenceId: string; withdrawnBy: 'REGISTRAR' | 'REGULATOR'; reason: string; withdrawnAt: Instant }
>;

export type EquivalenceEvent = EquivalenceProposed | EquivalenceCountersigned | EquivalenceRejected | EquivalenceWithdrawn;

export const equivalenceStreamId = (equivalenceId: string) => streamName('equivalence', equivalenceId);
