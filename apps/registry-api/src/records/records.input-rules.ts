import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';
import { TRANSFER_BASIS_ID } from '@registry/domain';
import { IsConditionId, IsEquivalenceId } from '../equivalences/equivalence.input-rules';
import { IsIdempotencyKey, IsJurisdictionCode, IsLine, IsModelId, IsModelVersion, IsText } from '../graphql/input-rules';

/**
 * The fields several record inputs share, validated once. Each use case's input extends one of these and
 * `implements` its own generated contract type, so tsc still checks every input against the SDL.
 */

export const IsBasisId = (field = 'basisId') =>
  applyDecorators(IsString(), Matches(TRANSFER_BASIS_ID, { message: `${field} must be 2 to 64 lowercase letters, digits or dashes` }));

/** Withdrawals say why, like every other withdrawal in the registry. */
export const IsReason = () => IsText('reason', 500);

/** One model version's localisation record. */
export class LocalisationRefInput {
  @IsModelId() modelId!: string;
  @IsModelVersion() version!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}

/** Where the weights are and who says so: recorded first, then replaced by a relocation. */
export class WeightsPlacementInput extends LocalisationRefInput {
  @IsJurisdictionCode('hostingJurisdiction') hostingJurisdiction!: string;
  @IsLine('facility', 200) facility!: string;
  @IsLine('custodian', 200) custodian!: string;
  @IsLine('attestedBy', 200) attestedBy!: string;
}

/** One condition of an equivalence, for one model version. */
export class ConditionRefInput {
  @IsEquivalenceId() equivalenceId!: string;
  @IsConditionId('conditionId') conditionId!: string;
  @IsModelId() modelId!: string;
  @IsModelVersion() version!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
