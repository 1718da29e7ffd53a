import { RegisterFirmInput as Contract } from '@registry/contract';
import { IsFirmId, IsIdempotencyKey, IsJurisdiction, IsLegalName } from '../../firm.input-rules';

export class RegisterFirmInput implements Contract {
  @IsFirmId() firmId!: string;
  @IsLegalName() name!: string;
  @IsJurisdiction() jurisdiction!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
