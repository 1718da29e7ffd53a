import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { firmDecider, firmStreamId } from '@registry/domain';
import { CommandShell } from '../../../infrastructure/command-shell';
import { RenameFirmCommand } from './rename-firm.command';

@CommandHandler(RenameFirmCommand)
export class RenameFirmHandler implements ICommandHandler<RenameFirmCommand> {
  constructor(private readonly shell: CommandShell) {}

  execute({ data, metadata }: RenameFirmCommand): Promise<AppendResult> {
    return this.shell.execute(
      firmStreamId(data.firmId),
      firmDecider,
      { type: 'RenameFirm', data, actor: metadata.actor, issuedAt: metadata.issuedAt },
      metadata,
    );
  }
}
