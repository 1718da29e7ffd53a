import { RecordCommand } from '../record-command';
import { WithdrawDataTransferBasisInput } from './withdraw-data-transfer-basis.input';

export class WithdrawDataTransferBasisCommand extends RecordCommand<Omit<WithdrawDataTransferBasisInput, 'idempotencyKey'>> {}
