import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';
import { CERTIFIER_ID } from '@registry/domain';
import { IsText } from '../graphql/input-rules';

/** Validation shared by the accreditation inputs (messages name the field). */
export const IsCertifierId = () =>
  applyDecorators(IsString(), Matches(CERTIFIER_ID, { message: 'certifierId must be 2 to 64 lowercase letters, digits or dashes, starting with a letter' }));
export const IsReason = () => IsText('reason', 500);
