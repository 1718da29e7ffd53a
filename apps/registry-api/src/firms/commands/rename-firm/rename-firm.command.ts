import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata } from '@registry/kernel';

export class RenameFirmCommand extends Command<AppendResult> {
  constructor(
    readonly data: { firmId: string; name: string },
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
