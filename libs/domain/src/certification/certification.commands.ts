import { DomainCommand } from '../shared/command';
import { Instant } from '../shared/values';
import { CertificationIssued, CertificationScope, RequirementResult } from './certification.events';

/**
 * Facts from other streams, looked up by the shell at the command's time:
 * - versionDigest: the model version's weights digest (null: no such model version);
 * - accreditationCovers: the certifier's accreditation covers this framework version and scope now;
 * - requirementIds: the requirements of the HK-AI framework version named (null: no such version).
 */
export interface CertificationContext {
  readonly versionDigest: string | null;
  readonly accreditationCovers: boolean;
  readonly requirementIds: readonly string[] | null;
}

export type IssueCertification = DomainCommand<'IssueCertification', Omit<CertificationIssued['data'], 'issuedAt'> & { context: CertificationContext }>;
export type SuspendCertification = DomainCommand<'SuspendCertification', { certificationId: string; reason: string }>;
/** Reinstating restores trust, so it needs the certifier's accreditation to cover the certification now, as renewing does. */
export type ReinstateCertification = DomainCommand<
  'ReinstateCertification',
  { certificationId: string; context: Pick<CertificationContext, 'accreditationCovers'> }
>;
export type RevokeCertification = DomainCommand<'RevokeCertification', { certificationId: string; reason: string }>;
export type RenewCertification = DomainCommand<
  'RenewCertification',
  { certificationId: string; validUntil: Instant; context: Pick<CertificationContext, 'accreditationCovers'> }
>;
export type AmendCertificationScope = DomainCommand<
  'AmendCertificationScope',
  {
    certificationId: string;
    scope: CertificationScope;
    results: readonly RequirementResult[];
    context: Pick<CertificationContext, 'accreditationCovers' | 'requirementIds'>;
  }
>;

export type CertificationCommand =
  IssueCertification | SuspendCertification | ReinstateCertification | RevokeCertification | RenewCertification | AmendCertificationScope;
