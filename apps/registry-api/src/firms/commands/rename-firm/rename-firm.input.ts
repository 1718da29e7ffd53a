import { RenameFirmInput as Contract } from '@registry/contract';
import { IsFirmId, IsIdempotencyKey, IsLegalName } from '../../firm.input-rules';

export class RenameFirmInput implements Contract {
  @IsFirmId() firmId!: string;
  @IsLegalName() name!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
