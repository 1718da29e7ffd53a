import { WithdrawEquivalenceInput as Contract } from '@registry/contract';
import { IsIdempotencyKey } from '../../../firms/firm.input-rules';
import { IsEquivalenceId, IsText } from '../../equivalence.input-rules';

export class WithdrawEquivalenceInput implements Contract {
  @IsEquivalenceId() equivalenceId!: string;
  @IsText('reason', 500) reason!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
