import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';

/**
 * Edge validation for equivalence inputs: the shapes the equivalence decider relies on, refused here first with a
 * message naming the field (the decider stays the authority on the rules).
 */
export const EQUIVALENCE_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
export const CONDITION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

export const IsEquivalenceId = (field = 'equivalenceId') =>
  applyDecorators(
    IsString(),
    Matches(EQUIVALENCE_ID, { message: `${field} must be 2 to 64 lowercase letters, digits or dashes, starting with a letter or digit` }),
  );
export const IsConditionId = (field: string) =>
  applyDecorators(IsString(), Matches(CONDITION_ID, { message: `${field} must be 1 to 32 letters, digits, dots, dashes or underscores` }));
