import { RevokeCertificationInput as Contract } from '@registry/contract';
import { IsReason } from '../../../certifiers/certifier.input-rules';
import { IsIdempotencyKey } from '../../../graphql/input-rules';
import { IsCertificationId } from '../../certification.input-rules';

export class RevokeCertificationInput implements Contract {
  @IsCertificationId() certificationId!: string;
  @IsReason() reason!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
