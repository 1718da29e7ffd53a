import { IsDate, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { RecordDataTransferBasisInput as Contract, TransferMechanism } from '@registry/contract';
import { IsIdempotencyKey, IsJurisdictionCode, IsModelId, IsMultilineText } from '../../../graphql/input-rules';
import { IsBasisId } from '../../records.input-rules';

export class RecordDataTransferBasisInput implements Omit<Contract, 'filingDate'> {
  @IsBasisId() basisId!: string;
  @IsModelId() modelId!: string;
  @IsJurisdictionCode('originJurisdiction') originJurisdiction!: string;
  @IsJurisdictionCode('destinationJurisdiction') destinationJurisdiction!: string;
  @IsIn(Object.values(TransferMechanism), { message: 'mechanism must be one of the TransferMechanism values' }) mechanism!: TransferMechanism;
  @IsOptional() @IsString() @Length(1, 200, { message: 'filingReference must be 1 to 200 characters' }) filingReference?: string | null;
  /** Parsed by the DateTime scalar. */
  @IsOptional() @IsDate() filingDate?: Date | null;
  @IsMultilineText('dataScope', 2000) dataScope!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
