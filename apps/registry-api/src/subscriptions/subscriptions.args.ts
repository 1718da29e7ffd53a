import { IsDate, IsInt, IsObject, IsOptional, IsString, Length } from 'class-validator';
import { LogPosition } from '@registry/event-store';
import { IsJurisdictionCode, IsModelId, IsModelVersion, IsUseCase } from '../graphql/input-rules';

/** `after` and `asOf` are parsed by the LogPosition and DateTime scalars. */
class Resumable {
  @IsOptional() @IsObject({ message: 'after must be a log position' }) after?: LogPosition | null;
}

export class CertificationChangedArgs extends Resumable {
  @IsString() @Length(1, 128, { message: 'id must be 1 to 128 characters' }) id!: string;
}

export class ExportReadinessChangedArgs extends Resumable {
  @IsModelId() modelId!: string;
  @IsModelVersion() version!: string;
  @IsJurisdictionCode('jurisdiction') jurisdiction!: string;
  @IsUseCase() useCase!: string;
  @IsOptional() @IsDate({ message: 'asOf must be an ISO-8601 instant' }) asOf?: Date | null;
}

export class RecognitionsChangedArgs extends Resumable {
  @IsJurisdictionCode('jurisdiction') jurisdiction!: string;
  @IsOptional() @IsDate({ message: 'asOf must be an ISO-8601 instant' }) asOf?: Date | null;
}

export class ChangesArgs extends Resumable {
  @IsOptional() @IsInt({ message: 'first must be a whole number' }) first?: number | null;
}
