import { RecordWeightsLocalizationInput as Contract } from '@registry/contract';
import { IsDigest, IsIdempotencyKey, IsJurisdictionCode, IsModelId, IsModelVersion, IsText } from '../../../graphql/input-rules';

export class RecordWeightsLocalizationInput implements Contract {
  @IsModelId() modelId!: string;
  @IsModelVersion() version!: string;
  @IsDigest('weightsDigest') weightsDigest!: string;
  @IsJurisdictionCode('hostingJurisdiction') hostingJurisdiction!: string;
  @IsText('facility', 200) facility!: string;
  @IsText('custodian', 200) custodian!: string;
  @IsText('attestedBy', 200) attestedBy!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
