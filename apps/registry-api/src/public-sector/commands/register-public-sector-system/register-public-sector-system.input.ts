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
import { IsIdempotencyKey, IsModelId, IsModelVersion, IsText } from '../../../graphql/input-rules';
import { IsContactEmail, IsHttpsUrl, IsPublicSectorId } from '../../public-sector.input-rules';

export class PublicSectorModelRefInput implements ModelRefContract {
  @IsModelId('model.modelId') modelId!: string;
  @IsModelVersion('model.version') version!: string;
}

export class PublicSectorSystemDetailsInput implements DetailsContract {
  @IsText('details.team', 200) team!: string;
  @IsText('details.seniorResponsibleOwner', 200) seniorResponsibleOwner!: string;
  @IsOptional() @IsText('details.externalSupplier', 200) externalSupplier?: string | null;
  @IsText('details.humanReview', 2000) humanReview!: string;
  @IsText('details.dataSources', 2000) dataSources!: string;
  @IsText('details.risksAndMitigations', 2000) risksAndMitigations!: string;
  @IsOptional() @IsText('details.impactAssessments', 2000) impactAssessments?: string | null;
}

export class RegisterPublicSectorSystemInput implements Contract {
  @IsPublicSectorId('systemId') systemId!: string;
  @IsText('bureau', 200) bureau!: string;
  @IsText('name', 200) name!: string;
  @IsText('description', 2000) description!: string;
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
