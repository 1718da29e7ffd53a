import { RecordCommand } from '../record-command';
import { RelocateWeightsInput } from './relocate-weights.input';

export class RelocateWeightsCommand extends RecordCommand<Omit<RelocateWeightsInput, 'idempotencyKey'>> {}
