import { DomainEvent, streamName } from '@registry/kernel';
import { Instant, RiskTier, UseCase, WeightsDigest } from '../shared/values';

export interface CertificationScope {
  readonly useCases: readonly UseCase[];
  readonly riskTier: RiskTier;
}

/** The outcome for one HK-AI requirement. A requirement not listed was not certified. */
export interface RequirementResult {
  readonly requirementId: string;
  readonly result: 'PASS' | 'NOT_APPLICABLE';
}

export type CertificationIssued = DomainEvent<
  'CertificationIssued',
  {
    certificationId: string;
    certifierId: string;
    modelId: string;
    modelVersion: string;
    weightsDigest: WeightsDigest;
    /** The HK-AI framework version certified against. */
    frameworkVersion: string;
    scope: CertificationScope;
    results: readonly RequirementResult[];
    /** Restricted: digest of the audit report (shown to the registrar, regulators, the issuing certifier and the owning firm). */
    auditReportDigest: string;
    validFrom: Instant;
    validUntil: Instant;
    issuedAt: Instant;
    /**
     * The sandbox runs the certifier cites as evidence (issue 10): each completed, passed, of this model version's
     * exact weights. Present only when runs are cited, so events issued before the field existed, and
     * certifications citing none, have the same shape (an additive field: no new schema version, no upcaster).
     * Read it as `citedSandboxRunIds(data)`.
     */
    sandboxRunIds?: readonly string[];
  }
>;
export type CertificationSuspended = DomainEvent<'CertificationSuspended', { certificationId: string; reason: string; suspendedAt: Instant }>;
export type CertificationReinstated = DomainEvent<'CertificationReinstated', { certificationId: string; reinstatedAt: Instant }>;
export type CertificationRevoked = DomainEvent<'CertificationRevoked', { certificationId: string; reason: string; revokedAt: Instant }>;
export type CertificationRenewed = DomainEvent<'CertificationRenewed', { certificationId: string; validUntil: Instant; renewedAt: Instant }>;
export type CertificationScopeAmended = DomainEvent<
  'CertificationScopeAmended',
  { certificationId: string; scope: CertificationScope; results: readonly RequirementResult[]; amendedAt: Instant }
>;

export type CertificationEvent =
  CertificationIssued | CertificationSuspended | CertificationReinstated | CertificationRevoked | CertificationRenewed | CertificationScopeAmended;

/** The sandbox runs a certification cites; none for one issued without (or before the field existed). */
export const citedSandboxRunIds = (issued: Pick<CertificationIssued['data'], 'sandboxRunIds'>): readonly string[] => issued.sandboxRunIds ?? [];
/** At most this many runs cited by one certification (the look-up reads each run's stream within the decision). */
export const MAX_CITED_SANDBOX_RUNS = 10;

export const certificationStreamId = (certificationId: string) => streamName('certification', certificationId);
export const CERTIFICATION_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
