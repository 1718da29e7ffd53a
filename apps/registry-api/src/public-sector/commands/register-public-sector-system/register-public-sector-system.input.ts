import { Type } from 'class-transformer';
import { IsEnum, IsObject, IsOptional, ValidateNested } from 'class-validator';
import {
  DecisionArea,
  PublicSectorModelRefInput as ModelRefContract,
  PublicSectorSystemDetailsInput as DetailsContract,
  RegisterPublicSectorSystemInput as Contract,
  SystemPhase,
} from '@registry/contract';
import { IsInstant } from '../../../frameworks/framework.input-rules';
import { IsIdempotencyKey, IsLine, IsModelId, IsModelVersion, IsMultilineText } from '../../../graphql/input-rules';
import { IsContactEmail, IsHttpsUrl, IsPublicSectorId } from '../../public-sector.input-rules';

export class PublicSectorModelRefInput implements ModelRefContract {
  @IsModelId('model.modelId') modelId!: string;
  @IsModelVersion('model.version') version!: string;
}

export class PublicSectorSystemDetailsInput implements DetailsContract {
  @IsLine('details.team', 200) team!: string;
  @IsLine('details.seniorResponsibleOwner', 200) seniorResponsibleOwner!: string;
  @IsOptional() @IsLine('details.externalSupplier', 200) externalSupplier?: string | null;
  @IsMultilineText('details.humanReview', 2000) humanReview!: string;
  @IsMultilineText('details.dataSources', 2000) dataSources!: string;
  @IsMultilineText('details.risksAndMitigations', 2000) risksAndMitigations!: string;
  @IsOptional() @IsMultilineText('details.impactAssessments', 2000) impactAssessments?: string | null;
}

export class RegisterPublicSectorSystemInput implements Contract {
  @IsPublicSectorId('systemId') systemId!: string;
  @IsLine('bureau', 200) bureau!: string;
  @IsLine('name', 200) name!: string;
  @IsMultilineText('description', 2000) description!: string;
  @IsEnum(DecisionArea, { message: 'decisionArea must be a DecisionArea' }) decisionArea!: DecisionArea;
  @IsEnum(SystemPhase, { message: 'phase must be a SystemPhase' }) phase!: SystemPhase;
  @IsInstant('inUseSince') inUseSince!: Date;
  @IsOptional() @IsHttpsUrl('websiteUrl') websiteUrl?: string | null;
  @IsContactEmail('publicContact') publicContact!: string;
  @IsOptional()
  @IsObject({ message: 'model must be an object' })
  @ValidateNested()
  @Type(() => PublicSectorModelRefInput)
  model?: PublicSectorModelRefInput | null;
  @IsObject({ message: 'details must be an object' }) @ValidateNested() @Type(() => PublicSectorSystemDetailsInput) details!: PublicSectorSystemDetailsInput;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
