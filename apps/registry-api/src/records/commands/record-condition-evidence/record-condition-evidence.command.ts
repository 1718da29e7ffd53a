import { RecordCommand } from '../record-command';
import { RecordConditionEvidenceInput } from './record-condition-evidence.input';

export class RecordConditionEvidenceCommand extends RecordCommand<Omit<RecordConditionEvidenceInput, 'idempotencyKey'>> {}
