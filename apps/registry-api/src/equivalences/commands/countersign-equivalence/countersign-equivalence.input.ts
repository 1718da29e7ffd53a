import { CountersignEquivalenceInput as Contract } from '@registry/contract';

import { IsEquivalenceId } from '../../equivalence.input-rules';
import { IsIdempotencyKey } from '../../../graphql/input-rules';

export class CountersignEquivalenceInput implements Contract {
  @IsEquivalenceId() equivalenceId!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
