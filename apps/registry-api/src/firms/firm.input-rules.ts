import { applyDecorators } from '@nestjs/common';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

/** Validation shared by every input that names a firm or carries an idempotency key. */
export const FIRM_ID = /^[a-z][a-z0-9-]{1,63}$/;
export const IsFirmId = () =>
  applyDecorators(IsString(), Matches(FIRM_ID, { message: 'firmId must be 2 to 64 lowercase letters, digits or dashes, starting with a letter' }));
export const IsLegalName = (field = 'name') =>
  applyDecorators(IsString(), Length(1, 200, { message: `${field} must be 1 to 200 characters` }), Matches(/\S/, { message: `${field} must not be blank` }));
export const IsIdempotencyKey = () =>
  applyDecorators(IsOptional(), IsString(), Length(1, 128, { message: 'idempotencyKey must be 1 to 128 characters' }));
/** ISO 3166-1 alpha-2, or EU for the Union's own frameworks. */
export const IsJurisdiction = () =>
  applyDecorators(IsString(), Matches(/^(EU|[A-Z]{2})$/, { message: 'jurisdiction must be a two-letter code such as HK, CN, SG or EU' }));
