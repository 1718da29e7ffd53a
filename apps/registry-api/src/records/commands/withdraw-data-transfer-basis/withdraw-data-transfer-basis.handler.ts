import { CommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { transferBasisDecider, transferBasisStreamId } from '@registry/domain';
import { RecordCommandHandler } from '../record-command';
import { WithdrawDataTransferBasisCommand } from './withdraw-data-transfer-basis.command';

/** The input names only the basis: its model, and so the owner the decider checks, comes from the basis' stream. */
@CommandHandler(WithdrawDataTransferBasisCommand)
export class WithdrawDataTransferBasisHandler extends RecordCommandHandler<WithdrawDataTransferBasisCommand> {
  async execute({ data, metadata }: WithdrawDataTransferBasisCommand): Promise<AppendResult> {
    return this.decide(transferBasisStreamId(data.basisId), transferBasisDecider, { type: 'WithdrawDataTransferBasis', data }, (read) => this.context.basisOwner(data.basisId, read), metadata);
  }
}
