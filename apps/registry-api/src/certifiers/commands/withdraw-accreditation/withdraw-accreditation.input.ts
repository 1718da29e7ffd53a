import { WithdrawAccreditationInput as Contract } from '@registry/contract';

import { IsCertifierId, IsReason } from '../../certifier.input-rules';
import { IsIdempotencyKey } from '../../../graphql/input-rules';

export class WithdrawAccreditationInput implements Contract {
  @IsCertifierId() certifierId!: string;
  @IsReason() reason!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
