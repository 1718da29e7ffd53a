import { CommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { transferBasisDecider, transferBasisStreamId } from '@registry/domain';
import { RecordCommandHandler } from '../record-command';
import { RecordDataTransferBasisCommand } from './record-data-transfer-basis.command';

/** Looks up the model's owner, then lets the transfer-basis decider judge (GBA rules live there). */
@CommandHandler(RecordDataTransferBasisCommand)
export class RecordDataTransferBasisHandler extends RecordCommandHandler<RecordDataTransferBasisCommand> {
  async execute({ data, metadata }: RecordDataTransferBasisCommand): Promise<AppendResult> {
    const basis = { ...data, filingReference: data.filingReference ?? null, filingDate: data.filingDate ? data.filingDate.toISOString() : null };
    return this.decide(transferBasisStreamId(data.basisId), transferBasisDecider, { type: 'RecordDataTransferBasis', data: basis }, (read) => this.owner(data.modelId, read), metadata);
  }
}
