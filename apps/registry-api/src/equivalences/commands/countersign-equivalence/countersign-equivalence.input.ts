import { IsString, Length } from 'class-validator';
import { CountersignEquivalenceInput as Contract } from '@registry/contract';

import { IsEquivalenceId } from '../../equivalence.input-rules';
import { IsIdempotencyKey } from '../../../graphql/input-rules';

export class CountersignEquivalenceInput implements Contract {
  @IsEquivalenceId() equivalenceId!: string;
  /** Its form and signature are checked against the proposal by the handler; here only its size. */
  @IsString() @Length(1, 2000, { message: 'jws must be 1 to 2000 characters' }) jws!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
