import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { firmDecider, firmStreamId } from '@registry/domain';
import { CommandShell } from '../../../infrastructure/command-shell';
import { RegisterFirmCommand } from './register-firm.command';

@CommandHandler(RegisterFirmCommand)
export class RegisterFirmHandler implements ICommandHandler<RegisterFirmCommand> {
  constructor(private readonly shell: CommandShell) {}

  execute({ data, metadata }: RegisterFirmCommand): Promise<AppendResult> {
    return this.shell.execute(
      firmStreamId(data.firmId),
      firmDecider,
      { type: 'RegisterFirm', data, actor: metadata.actor, issuedAt: metadata.issuedAt },
      metadata,
    );
  }
}
