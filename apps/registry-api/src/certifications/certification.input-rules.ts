import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsEnum, IsObject, IsString, Matches, ValidateNested } from 'class-validator';
import { CertificationScopeInput as ScopeContract, RequirementOutcome, RequirementResultInput as ResultContract, RiskTier } from '@registry/contract';
import { CERTIFICATION_ID } from '@registry/domain';
import { IsRequirementId, IsUseCaseList } from '../frameworks/framework.input-rules';

/**
 * Edge validation for certification inputs: the shapes the certification decider relies on, refused here first
 * with a message naming the field (the decider stays the authority on the rules).
 */
export const IsCertificationId = (field = 'certificationId') =>
  applyDecorators(IsString(), Matches(CERTIFICATION_ID, { message: `${field} must be 2 to 64 lowercase letters, digits or dashes` }));

export class CertificationScopeInput implements ScopeContract {
  @IsUseCaseList('scope.useCases') useCases!: string[];
  @IsEnum(RiskTier, { message: 'scope.riskTier must be MINIMAL, LIMITED or HIGH' }) riskTier!: RiskTier;
}

export class RequirementResultInput implements ResultContract {
  @IsRequirementId('results.requirementId') requirementId!: string;
  @IsEnum(RequirementOutcome, { message: 'results.result must be PASS or NOT_APPLICABLE' }) result!: RequirementOutcome;
}

/** The `scope` field: a nested, validated CertificationScopeInput. */
export const IsCertificationScope = () =>
  applyDecorators(
    IsObject({ message: 'scope must be an object' }),
    ValidateNested(),
    Type(() => CertificationScopeInput),
  );

/** The `results` field: 1 to 100 nested, validated results. */
export const IsRequirementResults = () =>
  applyDecorators(
    IsArray({ message: 'results must be a list' }),
    ArrayNotEmpty({ message: 'results must hold at least one requirement result' }),
    ArrayMaxSize(100, { message: 'results must hold at most 100 results' }),
    ValidateNested({ each: true }),
    Type(() => RequirementResultInput),
  );
