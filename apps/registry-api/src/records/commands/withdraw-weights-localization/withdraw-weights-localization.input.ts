import { WithdrawWeightsLocalizationInput as Contract } from '@registry/contract';
import { IsReason, LocalisationRefInput } from '../../records.input-rules';

export class WithdrawWeightsLocalizationInput extends LocalisationRefInput implements Contract {
  @IsReason() reason!: string;
}
