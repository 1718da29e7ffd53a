import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';

/** Validation for inputs that name a firm (the shared rules are in graphql/input-rules.ts). */
export const FIRM_ID = /^[a-z][a-z0-9-]{1,63}$/;
export const IsFirmId = () =>
  applyDecorators(IsString(), Matches(FIRM_ID, { message: 'firmId must be 2 to 64 lowercase letters, digits or dashes, starting with a letter' }));
