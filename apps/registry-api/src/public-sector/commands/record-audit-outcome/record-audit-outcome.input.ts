import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { AuditFindingInput as FindingContract, RecordAuditOutcomeInput as Contract, RiskRating } from '@registry/contract';
import { CAMPAIGN_LIST_MAX } from '@registry/domain';
import { IsInstant } from '../../../frameworks/framework.input-rules';
import { IsDigest, IsIdempotencyKey, IsLine, IsMultilineText } from '../../../graphql/input-rules';
import { IsPublicSectorId } from '../../public-sector.input-rules';

export class AuditFindingInput implements FindingContract {
  @IsLine('findings.title', 2000) title!: string;
  @IsEnum(RiskRating, { message: 'findings.risk must be a RiskRating' }) risk!: RiskRating;
}

export class RecordAuditOutcomeInput implements Contract {
  @IsPublicSectorId('campaignId') campaignId!: string;
  @IsPublicSectorId('systemId') systemId!: string;
  @IsEnum(RiskRating, { message: 'riskRating must be a RiskRating' }) riskRating!: RiskRating;
  @IsArray({ message: 'findings must be a list' })
  @ArrayMaxSize(CAMPAIGN_LIST_MAX, { message: `findings must hold at most ${CAMPAIGN_LIST_MAX} findings` })
  @ValidateNested({ each: true })
  @Type(() => AuditFindingInput)
  findings!: AuditFindingInput[];
  @IsOptional() @IsMultilineText('remediation', 2000) remediation?: string | null;
  @IsOptional() @IsInstant('remediationDueAt') remediationDueAt?: Date | null;
  @IsDigest('reportDigest') reportDigest!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
