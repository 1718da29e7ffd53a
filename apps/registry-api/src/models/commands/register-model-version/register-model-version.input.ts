import { RegisterModelVersionInput as Contract } from '@registry/contract';
import { IsDigest, IsIdempotencyKey, IsModelId, IsModelVersion } from '../../../graphql/input-rules';

export class RegisterModelVersionInput implements Contract {
  @IsModelId() modelId!: string;
  @IsModelVersion() version!: string;
  @IsDigest('weightsDigest') weightsDigest!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
