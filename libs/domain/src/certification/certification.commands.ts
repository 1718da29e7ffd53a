import { DomainCommand } from '../shared/command';
import { Instant } from '../shared/values';
import type { SandboxRunState, TestSuiteState } from '../sandbox/sandbox.decider';
import { CertificationIssued, CertificationScope, RequirementResult } from './certification.events';

/**
 * Facts from other streams, looked up by the shell at the command's time:
 * - versionDigest: the model version's weights digest (null: no such model version);
 * - accreditationCovers: the certifier's accreditation covers this framework version and scope now;
 * - requirementIds: the requirements of the HK-AI framework version named (null: no such version);
 * - sandboxRuns: each cited sandbox run's state, folded from its stream (status NONE: no such run; the list may be
 *   left out when no run is cited), with the state of the test suite it ran under. The shell reads both through the
 *   decision's tracking reader, so a run that changes, or a suite version published, before the append makes the
 *   decision run again.
 */
export interface CertificationContext {
  readonly versionDigest: string | null;
  readonly accreditationCovers: boolean;
  readonly requirementIds: readonly string[] | null;
  readonly sandboxRuns?: readonly CitedSandboxRun[];
}

/**
 * A sandbox run a certification cites, as the look-up found it, and its suite's stream folded (every version
 * published so far: which is in force at the issue, and which were generated with public randomness). `suite` is
 * NONE when the run does not exist or its suite was never published.
 */
export interface CitedSandboxRun {
  readonly runId: string;
  readonly state: SandboxRunState;
  readonly suite: TestSuiteState;
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
