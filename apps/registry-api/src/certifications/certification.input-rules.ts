import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsEnum, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { CertificationScopeInput as ScopeContract, RequirementOutcome, RequirementResultInput as ResultContract, RiskTier } from '@registry/contract';
import { CERTIFICATION_ID, MAX_CITED_SANDBOX_RUNS, RUN_ID } from '@registry/domain';
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

/** The optional `sandboxRunIds` field: at most MAX_CITED_SANDBOX_RUNS sandbox run ids, none twice (the decider checks the runs). */
export const IsCitedSandboxRunIds = () =>
  applyDecorators(
    IsOptional(),
    IsArray({ message: 'sandboxRunIds must be a list' }),
    ArrayMaxSize(MAX_CITED_SANDBOX_RUNS, { message: `sandboxRunIds must name at most ${MAX_CITED_SANDBOX_RUNS} sandbox runs` }),
    ArrayUnique(undefined, { message: 'sandboxRunIds must not name a run twice' }),
    IsString({ each: true, message: 'sandboxRunIds must hold run ids' }),
    Matches(RUN_ID, { each: true, message: 'sandboxRunIds has an invalid run id (1 to 64 letters, digits, dots, dashes or underscores)' }),
  );
