import { RecordWeightsLocalizationInput as Contract } from '@registry/contract';
import { IsDigest } from '../../../graphql/input-rules';
import { WeightsPlacementInput } from '../../records.input-rules';

export class RecordWeightsLocalizationInput extends WeightsPlacementInput implements Contract {
  @IsDigest('weightsDigest') weightsDigest!: string;
}
