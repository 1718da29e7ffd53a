import { ReinstateAccreditationInput as Contract } from '@registry/contract';

import { IsCertifierId } from '../../certifier.input-rules';
import { IsIdempotencyKey } from '../../../graphql/input-rules';

export class ReinstateAccreditationInput implements Contract {
  @IsCertifierId() certifierId!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
