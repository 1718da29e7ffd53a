import { IsEnum, IsInt, IsOptional, IsString } from 'class-validator';
import { CertificationStatus } from '@registry/contract';
import { IsCertifierId } from '../../../certifiers/certifier.input-rules';
import { IsFirmId } from '../../../firms/firm.input-rules';
import { IsFrameworkVersion } from '../../../frameworks/framework.input-rules';
import { IsModelId, IsModelVersion } from '../../../graphql/input-rules';

/** The `certifications` query's arguments, validated like any input (messages name the argument). */
export class CertificationsArgs {
  @IsOptional() @IsModelId() modelId?: string | null;
  @IsOptional() @IsModelVersion('modelVersion') modelVersion?: string | null;
  @IsOptional() @IsFirmId() firmId?: string | null;
  @IsOptional() @IsCertifierId() certifierId?: string | null;
  /** The label's shape as publishFramework accepts it; matched exactly (case included), never as a pattern. */
  @IsOptional() @IsFrameworkVersion('frameworkVersion') frameworkVersion?: string | null;
  @IsOptional() @IsEnum(CertificationStatus, { message: 'status must be ACTIVE, SUSPENDED, REVOKED or EXPIRED' }) status?: CertificationStatus | null;
  /** Range-checked by pageSize, which answers INPUT.INVALID_PAGE_SIZE like every other list. */
  @IsOptional() @IsInt({ message: 'first must be an integer' }) first?: number | null;
  /** Checked by decodeCursor (INPUT.INVALID_CURSOR). */
  @IsOptional() @IsString() after?: string | null;
}
