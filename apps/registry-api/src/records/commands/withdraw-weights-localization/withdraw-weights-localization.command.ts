import { RecordCommand } from '../record-command';
import { WithdrawWeightsLocalizationInput } from './withdraw-weights-localization.input';

export class WithdrawWeightsLocalizationCommand extends RecordCommand<Omit<WithdrawWeightsLocalizationInput, 'idempotencyKey'>> {}
