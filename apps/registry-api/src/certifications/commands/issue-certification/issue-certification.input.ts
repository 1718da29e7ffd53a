import { IssueCertificationInput as Contract } from '@registry/contract';
import { IsCertifierId } from '../../../certifiers/certifier.input-rules';
import { IsAfter, IsFrameworkVersion, IsInstant } from '../../../frameworks/framework.input-rules';
import { IsDigest, IsIdempotencyKey, IsModelId, IsModelVersion } from '../../../graphql/input-rules';
import {
  CertificationScopeInput,
  IsCertificationId,
  IsCitedSandboxRunIds,
  IsCertificationScope,
  IsRequirementResults,
  RequirementResultInput,
} from '../../certification.input-rules';

export class IssueCertificationInput implements Contract {
  @IsCertificationId() certificationId!: string;
  @IsCertifierId() certifierId!: string;
  @IsModelId() modelId!: string;
  @IsModelVersion('modelVersion') modelVersion!: string;
  @IsDigest('weightsDigest') weightsDigest!: string;
  @IsFrameworkVersion('frameworkVersion') frameworkVersion!: string;
  @IsCertificationScope() scope!: CertificationScopeInput;
  @IsRequirementResults() results!: RequirementResultInput[];
  @IsDigest('auditReportDigest') auditReportDigest!: string;
  @IsInstant('validFrom') validFrom!: Date;
  @IsInstant('validUntil') @IsAfter('validUntil', 'validFrom') validUntil!: Date;
  @IsCitedSandboxRunIds() sandboxRunIds?: string[] | null;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
