import { IsDate, IsObject, IsOptional } from 'class-validator';
import { ExportReadinessInput as Contract } from '@registry/contract';
import { LogPosition } from '@registry/event-store';
import { IsJurisdictionCode, IsModelId, IsModelVersion, IsUseCase } from '../graphql/input-rules';

export class ExportReadinessInput implements Omit<Contract, 'asOf' | 'knownAt'> {
  @IsModelId() modelId!: string;
  @IsModelVersion() version!: string;
  @IsJurisdictionCode('jurisdiction') jurisdiction!: string;
  @IsUseCase() useCase!: string;
  /** Parsed by the DateTime scalar. */
  @IsOptional() @IsDate() asOf?: Date | null;
  /** Parsed by the LogPosition scalar. */
  @IsOptional() @IsObject() knownAt?: LogPosition | null;
}
