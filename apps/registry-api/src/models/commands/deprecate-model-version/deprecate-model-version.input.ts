import { DeprecateModelVersionInput as Contract } from '@registry/contract';
import { IsReason } from '../../../certifiers/certifier.input-rules';
import { IsIdempotencyKey, IsModelId, IsModelVersion } from '../../../graphql/input-rules';

export class DeprecateModelVersionInput implements Contract {
  @IsModelId() modelId!: string;
  @IsModelVersion() version!: string;
  @IsReason() reason!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
