import { WithdrawAccreditationInput as Contract } from '@registry/contract';
import { IsIdempotencyKey } from '../../../firms/firm.input-rules';
import { IsCertifierId, IsReason } from '../../certifier.input-rules';

export class WithdrawAccreditationInput implements Contract {
  @IsCertifierId() certifierId!: string;
  @IsReason() reason!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
