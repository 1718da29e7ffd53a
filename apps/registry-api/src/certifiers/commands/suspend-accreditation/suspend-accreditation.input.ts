import { SuspendAccreditationInput as Contract } from '@registry/contract';

import { IsCertifierId, IsReason } from '../../certifier.input-rules';
import { IsIdempotencyKey } from '../../../graphql/input-rules';

export class SuspendAccreditationInput implements Contract {
  @IsCertifierId() certifierId!: string;
  @IsReason() reason!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
