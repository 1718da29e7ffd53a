import { applyDecorators } from '@nestjs/common';
import { IsOptional, IsString, Length, Matches, ValidateBy } from 'class-validator';
import { JURISDICTION, MODEL_ID, MODEL_VERSION, USE_CASE, WEIGHTS_DIGEST } from '@registry/domain';

/**
 * Validation rules shared by every input, built on the domain's own patterns so the edge and the deciders
 * agree. The edge only gives better messages, each naming the field; the deciders stay the authority.
 * Feature-specific rules (firm ids, framework ids, ...) live beside their feature.
 */
/** The domain's own list (ISO 3166-1 alpha-2 plus EU), so a code the deciders would refuse never gets past here. */
export const IsJurisdictionCode = (field: string) =>
  applyDecorators(
    IsString(),
    ValidateBy(
      { name: 'isJurisdictionCode', validator: { validate: (value) => JURISDICTION.test(value) } },
      { message: `${field} must be an ISO 3166-1 alpha-2 country code such as HK, CN or SG, or EU` },
    ),
  );

/** Free text of 1 to `max` characters that is not blank. */
export const IsText = (field: string, max: number) =>
  applyDecorators(IsString(), Length(1, max, { message: `${field} must be 1 to ${max} characters` }), Matches(/\S/, { message: `${field} must not be blank` }));

export const IsIdempotencyKey = () => applyDecorators(IsOptional(), IsString(), Length(1, 128, { message: 'idempotencyKey must be 1 to 128 characters' }));

export const IsModelId = (field = 'modelId') =>
  applyDecorators(IsString(), Matches(MODEL_ID, { message: `${field} must be 2 to 64 lowercase letters, digits or dashes, starting with a letter` }));

export const IsModelVersion = (field = 'version') =>
  applyDecorators(IsString(), Matches(MODEL_VERSION, { message: `${field} must be 1 to 32 letters, digits, dots, dashes or underscores` }));

export const IsDigest = (field: string) =>
  applyDecorators(IsString(), Matches(WEIGHTS_DIGEST, { message: `${field} must be sha256: followed by 64 lowercase hex digits` }));

export const IsUseCase = (field = 'useCase') =>
  applyDecorators(IsString(), Matches(USE_CASE, { message: `${field} must be a lower-case slug such as lending or chatbot` }));
