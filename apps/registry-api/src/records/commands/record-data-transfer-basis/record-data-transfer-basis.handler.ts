import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { transferBasisDecider, transferBasisStreamId } from '@registry/domain';
import { CommandShell } from '../../../infrastructure/command-shell';
import { RecordContextService } from '../../record-context.service';
import { RecordDataTransferBasisCommand } from './record-data-transfer-basis.command';

/** Looks up the model's owner, then lets the transfer-basis decider judge (GBA rules live there). */
@CommandHandler(RecordDataTransferBasisCommand)
export class RecordDataTransferBasisHandler implements ICommandHandler<RecordDataTransferBasisCommand> {
  constructor(
    private readonly shell: CommandShell,
    private readonly context: RecordContextService,
  ) {}

  async execute({ data, metadata }: RecordDataTransferBasisCommand): Promise<AppendResult> {
    const { ownerFirmId } = await this.context.model(data.modelId);
    const command = {
      ...data,
      filingReference: data.filingReference ?? null,
      filingDate: data.filingDate ? data.filingDate.toISOString() : null,
      context: { ownerFirmId },
    };
    return this.shell.execute(
      transferBasisStreamId(data.basisId),
      transferBasisDecider,
      { type: 'RecordDataTransferBasis', data: command, actor: metadata.actor, issuedAt: metadata.issuedAt },
      metadata,
    );
  }
}
