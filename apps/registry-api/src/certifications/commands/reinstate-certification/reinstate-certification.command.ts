import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata } from '@registry/kernel';

export class ReinstateCertificationCommand extends Command<AppendResult> {
  constructor(
    readonly data: { certificationId: string },
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
