import { RegisterFirmInput as Contract } from '@registry/contract';
import { IsFirmId } from '../../firm.input-rules';
import { IsIdempotencyKey, IsJurisdictionCode, IsLine } from '../../../graphql/input-rules';

export class RegisterFirmInput implements Contract {
  @IsFirmId() firmId!: string;
  @IsLine('name', 200) name!: string;
  @IsJurisdictionCode('jurisdiction') jurisdiction!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
