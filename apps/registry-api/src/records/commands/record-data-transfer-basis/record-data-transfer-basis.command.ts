import { RecordCommand } from '../record-command';
import { RecordDataTransferBasisInput } from './record-data-transfer-basis.input';

export class RecordDataTransferBasisCommand extends RecordCommand<Omit<RecordDataTransferBasisInput, 'idempotencyKey'>> {}
