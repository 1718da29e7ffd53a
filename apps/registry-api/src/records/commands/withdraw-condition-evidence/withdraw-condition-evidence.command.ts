import { RecordCommand } from '../record-command';
import { WithdrawConditionEvidenceInput } from './withdraw-condition-evidence.input';

export class WithdrawConditionEvidenceCommand extends RecordCommand<Omit<WithdrawConditionEvidenceInput, 'idempotencyKey'>> {}
