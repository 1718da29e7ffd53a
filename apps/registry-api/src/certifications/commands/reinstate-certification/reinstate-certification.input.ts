import { ReinstateCertificationInput as Contract } from '@registry/contract';
import { IsIdempotencyKey } from '../../../graphql/input-rules';
import { IsCertificationId } from '../../certification.input-rules';

export class ReinstateCertificationInput implements Contract {
  @IsCertificationId() certificationId!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
