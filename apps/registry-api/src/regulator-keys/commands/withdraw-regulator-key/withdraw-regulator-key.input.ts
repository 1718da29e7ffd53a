import { IsString, Length } from 'class-validator';
import { WithdrawRegulatorKeyInput as Contract } from '@registry/contract';
import { IsIdempotencyKey, IsJurisdictionCode, IsMultilineText } from '../../../graphql/input-rules';

export class WithdrawRegulatorKeyInput implements Contract {
  @IsJurisdictionCode('jurisdiction') jurisdiction!: string;
  @IsString() @Length(1, 100, { message: 'keyId must be 1 to 100 characters' }) keyId!: string;
  @IsMultilineText('reason', 500) reason!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
