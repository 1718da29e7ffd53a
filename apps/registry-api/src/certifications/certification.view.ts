import { LogPosition } from '@registry/event-store';
import { Certification, CertificationStatus, RequirementOutcome, RiskTier } from '@registry/contract';
import { certificationStandingAt, CertificationState, certificationStreamId, citedSandboxRunIds } from '@registry/domain';
import { HistorySource } from '../records/records.views';

/** A certification as the API returns it; `history` and `certifier` are resolved on demand. */
export type CertificationView = Omit<Certification, 'history' | 'certifier' | 'globalId'> & { source: HistorySource };

/**
 * Null for a certification never issued. `now` is when the status is judged (EXPIRED is derived);
 * `entitled`: whether the caller may see the audit-report digest (see auth/visibility.ts).
 */
export const toCertificationView = (
  state: CertificationState,
  meta: { version: number; firmId: string; now: Date; entitled: boolean; knownAt?: LogPosition },
): CertificationView | null => {
  if (state.status === 'NONE') return null;
  const c = state.certification;
  return {
    id: c.certificationId,
    status: CertificationStatus[certificationStandingAt(state, meta.now.toISOString())],
    certifierId: c.certifierId,
    modelId: c.modelId,
    modelVersion: c.modelVersion,
    firmId: meta.firmId,
    weightsDigest: c.weightsDigest,
    frameworkVersion: c.frameworkVersion,
    scope: { useCases: [...c.scope.useCases], riskTier: RiskTier[c.scope.riskTier] },
    results: c.results.map((r) => ({ requirementId: r.requirementId, result: RequirementOutcome[r.result] })),
    auditReportDigest: meta.entitled ? c.auditReportDigest : null,
    validFrom: new Date(c.validFrom),
    validUntil: new Date(c.validUntil),
    issuedAt: new Date(c.issuedAt),
    suspendedAt: state.suspension ? new Date(state.suspension.at) : null,
    suspensionReason: state.suspension?.reason ?? null,
    revokedAt: state.revocation ? new Date(state.revocation.at) : null,
    revocationReason: state.revocation?.reason ?? null,
    // A state folded (or an rm_certifications row stored) from an event without the field cites none.
    sandboxRunIds: [...citedSandboxRunIds(c)],
    version: meta.version,
    source: { streamId: certificationStreamId(c.certificationId), entitled: meta.entitled, knownAt: meta.knownAt },
  };
};
