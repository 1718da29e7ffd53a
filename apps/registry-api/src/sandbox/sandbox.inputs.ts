import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested, IsDate } from 'class-validator';
import {
  PublishSandboxSuiteInput as PublishContract,
  RequestSandboxRunInput as RequestContract,
  SandboxRunMode,
  SandboxThresholdsInput as ThresholdsContract,
} from '@registry/contract';
import { SUITE_VERSION } from '@registry/domain';
import { SUITE_KINDS } from '@registry/sandbox';
import { IsDigest, IsIdempotencyKey, IsModelId, IsModelVersion } from '../graphql/input-rules';

const SUITE_ID = { message: `suiteId must be one of ${SUITE_KINDS.join(', ')}` };
const unit = (field: string) => [
  IsOptional(),
  IsNumber({ allowNaN: false, allowInfinity: false }, { message: `thresholds.${field} must be a number from 0 to 1` }),
  Min(0, { message: `thresholds.${field} must be a number from 0 to 1` }),
  Max(1, { message: `thresholds.${field} must be a number from 0 to 1` }),
];
const apply =
  (decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

export class SandboxThresholdsInput implements ThresholdsContract {
  @apply(unit('disparateImpactMin')) disparateImpactMin?: number | null;
  @apply(unit('demographicParityMaxDiff')) demographicParityMaxDiff?: number | null;
  @apply(unit('equalOpportunityMaxDiff')) equalOpportunityMaxDiff?: number | null;
  @apply(unit('equalizedOddsMaxDiff')) equalizedOddsMaxDiff?: number | null;
  @apply(unit('counterfactualFlipMax')) counterfactualFlipMax?: number | null;
  @apply(unit('accuracyMin')) accuracyMin?: number | null;
  @IsOptional()
  @IsInt({ message: 'thresholds.minGroupSize must be an integer from 1 to 100000' })
  @Min(1, { message: 'thresholds.minGroupSize must be an integer from 1 to 100000' })
  @Max(100_000, { message: 'thresholds.minGroupSize must be an integer from 1 to 100000' })
  minGroupSize?: number | null;
}

export class PublishSandboxSuiteInput implements PublishContract {
  @IsString() @IsIn(SUITE_KINDS as unknown as string[], SUITE_ID) suiteId!: string;
  @IsString() @Matches(SUITE_VERSION, { message: 'version must be 1 to 32 letters, digits, dots, dashes or underscores' }) version!: string;
  @IsInt({ message: 'seed must be an integer from 0 to 2147483647' }) @Min(0, { message: 'seed must be an integer from 0 to 2147483647' }) seed!: number;
  @IsInt({ message: 'size must be an integer from 100 to 1000000' })
  @Min(100, { message: 'size must be an integer from 100 to 1000000' })
  @Max(1_000_000, { message: 'size must be an integer from 100 to 1000000' })
  size!: number;
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'baseRate must be a number from 0.05 to 0.95' })
  @Min(0.05, { message: 'baseRate must be a number from 0.05 to 0.95' })
  @Max(0.95, { message: 'baseRate must be a number from 0.05 to 0.95' })
  baseRate!: number;
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'sexBaseRateGap must be a number from -0.5 to 0.5' })
  @Min(-0.5, { message: 'sexBaseRateGap must be a number from -0.5 to 0.5' })
  @Max(0.5, { message: 'sexBaseRateGap must be a number from -0.5 to 0.5' })
  sexBaseRateGap?: number | null;
  @IsOptional() @ValidateNested() @Type(() => SandboxThresholdsInput) thresholds?: SandboxThresholdsInput | null;
  @IsOptional() @IsDate({ message: 'effectiveFrom must be a date-time' }) effectiveFrom?: Date | null;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}

export class RequestSandboxRunInput implements RequestContract {
  @IsModelId() modelId!: string;
  @IsModelVersion('modelVersion') modelVersion!: string;
  @IsDigest('weightsDigest') weightsDigest!: string;
  @IsString() @IsIn(SUITE_KINDS as unknown as string[], SUITE_ID) suiteId!: string;
  @IsIn(Object.values(SandboxRunMode), { message: 'mode must be UPLOAD or ENDPOINT' }) mode!: SandboxRunMode;
  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'endpoint must be an http(s) URL of at most 2000 characters' })
  @Matches(/^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/, { message: 'endpoint must be an http(s) URL of at most 2000 characters' })
  endpoint?: string | null;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}

/** The `sandboxRuns` query's arguments, validated like any input (messages name the argument). */
export class SandboxRunsArgs {
  @IsModelId() modelId!: string;
  @IsModelVersion('version') version!: string;
  /** Range-checked by pageSize, which answers INPUT.INVALID_PAGE_SIZE like every other list. */
  @IsOptional() @IsInt({ message: 'first must be an integer' }) first?: number | null;
  /** Checked by decodeCursor and the run key's form (INPUT.INVALID_CURSOR). */
  @IsOptional() @IsString() after?: string | null;
}
