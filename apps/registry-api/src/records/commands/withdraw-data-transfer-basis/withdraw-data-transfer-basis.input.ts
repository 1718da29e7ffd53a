import { WithdrawDataTransferBasisInput as Contract } from '@registry/contract';
import { IsIdempotencyKey } from '../../../graphql/input-rules';
import { IsBasisId, IsReason } from '../../records.input-rules';

export class WithdrawDataTransferBasisInput implements Contract {
  @IsBasisId() basisId!: string;
  @IsReason() reason!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
