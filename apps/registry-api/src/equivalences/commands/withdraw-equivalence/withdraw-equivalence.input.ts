import { WithdrawEquivalenceInput as Contract } from '@registry/contract';

import { IsEquivalenceId } from '../../equivalence.input-rules';
import { IsIdempotencyKey, IsMultilineText } from '../../../graphql/input-rules';

export class WithdrawEquivalenceInput implements Contract {
  @IsEquivalenceId() equivalenceId!: string;
  @IsMultilineText('reason', 500) reason!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
