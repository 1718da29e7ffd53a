import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches } from 'class-validator';

/** Field rules shared by the record inputs (messages name the field). */
export const IsModelId = (field = 'modelId') =>
  applyDecorators(IsString(), Matches(/^[a-z][a-z0-9-]{1,63}$/, { message: `${field} must be 2 to 64 lowercase letters, digits or dashes, starting with a letter` }));
export const IsModelVersion = () => applyDecorators(IsString(), Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, { message: 'version must be 1 to 32 letters, digits, dots, dashes or underscores' }));
export const IsJurisdictionCode = (field: string) => applyDecorators(IsString(), Matches(/^(EU|[A-Z]{2})$/, { message: `${field} must be a two-letter code such as HK, CN or EU` }));
export const IsText = (field: string, max: number) =>
  applyDecorators(IsString(), Length(1, max, { message: `${field} must be 1 to ${max} characters` }), Matches(/\S/, { message: `${field} must not be blank` }));
export const IsDigest = (field: string) => applyDecorators(IsString(), Matches(/^sha256:[0-9a-f]{64}$/, { message: `${field} must be sha256: followed by 64 lowercase hex digits` }));
