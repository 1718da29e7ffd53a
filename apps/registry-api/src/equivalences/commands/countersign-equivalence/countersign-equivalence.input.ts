import { CountersignEquivalenceInput as Contract } from '@registry/contract';
import { IsIdempotencyKey } from '../../../firms/firm.input-rules';
import { IsEquivalenceId } from '../../equivalence.input-rules';

export class CountersignEquivalenceInput implements Contract {
  @IsEquivalenceId() equivalenceId!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
