import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata } from '@registry/kernel';

export class RegisterFirmCommand extends Command<AppendResult> {
  constructor(
    readonly data: { firmId: string; name: string; jurisdiction: string },
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
