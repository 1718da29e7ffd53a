import { RecordCommand } from '../record-command';
import { RecordWeightsLocalizationInput } from './record-weights-localization.input';

export class RecordWeightsLocalizationCommand extends RecordCommand<Omit<RecordWeightsLocalizationInput, 'idempotencyKey'>> {}
