import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsEnum,
  IsObject,
  IsOptional,
  ValidateBy,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';
import {
  DirectSatisfactionInput as DirectSatisfactionContract,
  DirectSatisfactionKind,
  FrameworkRequirementInput as RequirementContract,
  PublishFrameworkInput as Contract,
  RequirementApplicabilityInput as ApplicabilityContract,
  TransferMechanism,
} from '@registry/contract';
import { JURISDICTION } from '@registry/domain';

import { IsFrameworkId, IsFrameworkVersion, IsInstant, IsRequirementId, IsUseCaseList } from '../../framework.input-rules';
import { IsIdempotencyKey, IsJurisdictionCode, IsLine } from '../../../graphql/input-rules';

/**
 * A field of DirectSatisfactionInput that belongs to one kind: required and checked by `check` for that kind,
 * absent for the other.
 */
const ForKindOnly = (kind: DirectSatisfactionKind, field: string, check: (value: unknown) => boolean, requirement: string) =>
  ValidateBy({
    name: 'forKindOnly',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        (args?.object as DirectSatisfactionInput | undefined)?.kind === kind ? check(value) : value === null || value === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        (args?.object as DirectSatisfactionInput | undefined)?.kind === kind
          ? `satisfiedBy.${field} ${requirement}`
          : `satisfiedBy.${field} is only for kind ${kind}`,
    },
  });

const codes = (max: number) => (value: unknown) =>
  Array.isArray(value) && value.length >= 1 && value.length <= max && value.every((v) => typeof v === 'string' && JURISDICTION.test(v));
const mechanisms = (value: unknown) =>
  Array.isArray(value) && value.length >= 1 && value.every((v) => (Object.values(TransferMechanism) as unknown[]).includes(v));

export class RequirementApplicabilityInput implements ApplicabilityContract {
  @IsOptional() @IsUseCaseList('appliesWhen.useCases') useCases?: string[] | null;
  @IsOptional() @IsBoolean({ message: 'appliesWhen.generative must be true or false' }) generative?: boolean | null;
  @IsOptional() @IsBoolean({ message: 'appliesWhen.generalPurpose must be true or false' }) generalPurpose?: boolean | null;
}

export class DirectSatisfactionInput implements DirectSatisfactionContract {
  @IsEnum(DirectSatisfactionKind, { message: 'satisfiedBy.kind must be LOCALISATION, TRANSFER_BASIS, PROVENANCE or SANDBOX' }) kind!: DirectSatisfactionKind;
  @ForKindOnly(DirectSatisfactionKind.LOCALISATION, 'jurisdictions', codes(50), 'must list 1 to 50 jurisdiction codes such as HK or EU') jurisdictions?:
    string[] | null;
  @ForKindOnly(DirectSatisfactionKind.TRANSFER_BASIS, 'origin', (v) => typeof v === 'string' && JURISDICTION.test(v), 'must be a jurisdiction code such as CN')
  origin?: string | null;
  @ForKindOnly(DirectSatisfactionKind.TRANSFER_BASIS, 'destinations', codes(50), 'must list 1 to 50 jurisdiction codes such as HK or EU') destinations?:
    string[] | null;
  @ForKindOnly(DirectSatisfactionKind.TRANSFER_BASIS, 'mechanisms', mechanisms, 'must list at least one TransferMechanism') mechanisms?:
    TransferMechanism[] | null;
}

export class FrameworkRequirementInput implements RequirementContract {
  @IsRequirementId('requirements.id') id!: string;
  @IsLine('requirements.title', 500) title!: string;
  @IsObject({ message: 'requirements.appliesWhen must be an object' })
  @ValidateNested()
  @Type(() => RequirementApplicabilityInput)
  appliesWhen!: RequirementApplicabilityInput;
  @IsOptional()
  @IsObject({ message: 'requirements.satisfiedBy must be an object' })
  @ValidateNested()
  @Type(() => DirectSatisfactionInput)
  satisfiedBy?: DirectSatisfactionInput | null;
}

export class PublishFrameworkInput implements Contract {
  @IsFrameworkId() frameworkId!: string;
  @IsFrameworkVersion() version!: string;
  @IsJurisdictionCode('jurisdiction') jurisdiction!: string;
  @IsLine('title', 200) title!: string;
  @IsInstant('effectiveFrom') effectiveFrom!: Date;
  @IsArray({ message: 'requirements must be a list' })
  @ArrayNotEmpty({ message: 'requirements must hold at least one requirement' })
  @ArrayMaxSize(500, { message: 'requirements must hold at most 500 requirements' })
  @ValidateNested({ each: true })
  @Type(() => FrameworkRequirementInput)
  requirements!: FrameworkRequirementInput[];
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
