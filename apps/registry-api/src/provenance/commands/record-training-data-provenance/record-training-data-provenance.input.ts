import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsEnum, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { LegalBasis, RecordTrainingDataProvenanceInput as Contract, TrainingDataSourceInput as SourceContract } from '@registry/contract';
import { PROVENANCE_SOURCES_MAX, SOURCE_ID } from '@registry/domain';
import { IsDigest, IsIdempotencyKey, IsLine, IsModelId, IsModelVersion } from '../../../graphql/input-rules';

export class TrainingDataSourceInput implements SourceContract {
  @IsString() @Matches(SOURCE_ID, { message: 'sources.sourceId must be 1 to 64 lowercase letters, digits, dots, dashes or underscores' }) sourceId!: string;
  @IsLine('sources.name', 200) name!: string;
  @IsOptional() @IsEnum(LegalBasis, { message: 'sources.legalBasis must be a LegalBasis or null' }) legalBasis?: LegalBasis | null;
  @IsOptional() @IsDigest('sources.digest') digest?: string | null;
  @IsLine('sources.location', 500) location!: string;
  @IsOptional() @IsLine('sources.basisReference', 500) basisReference?: string | null;
}

export class RecordTrainingDataProvenanceInput implements Contract {
  @IsModelId() modelId!: string;
  @IsModelVersion() version!: string;
  @IsDigest('weightsDigest') weightsDigest!: string;
  @IsArray({ message: 'sources must be a list' })
  @ArrayNotEmpty({ message: 'sources must list at least one source' })
  @ArrayMaxSize(PROVENANCE_SOURCES_MAX, { message: `sources must list at most ${PROVENANCE_SOURCES_MAX} sources` })
  @ValidateNested({ each: true })
  @Type(() => TrainingDataSourceInput)
  sources!: TrainingDataSourceInput[];
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
