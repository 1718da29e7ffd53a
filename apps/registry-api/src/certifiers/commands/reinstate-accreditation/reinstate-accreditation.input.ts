import { ReinstateAccreditationInput as Contract } from '@registry/contract';
import { IsIdempotencyKey } from '../../../firms/firm.input-rules';
import { IsCertifierId } from '../../certifier.input-rules';

export class ReinstateAccreditationInput implements Contract {
  @IsCertifierId() certifierId!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
