import { RenewCertificationInput as Contract } from '@registry/contract';
import { IsInstant } from '../../../frameworks/framework.input-rules';
import { IsIdempotencyKey } from '../../../graphql/input-rules';
import { IsCertificationId } from '../../certification.input-rules';

export class RenewCertificationInput implements Contract {
  @IsCertificationId() certificationId!: string;
  @IsInstant('validUntil') validUntil!: Date;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
