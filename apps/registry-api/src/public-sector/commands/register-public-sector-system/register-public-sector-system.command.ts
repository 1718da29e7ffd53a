import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata } from '@registry/kernel';
import { RegisterPublicSectorSystemInput } from './register-public-sector-system.input';

export class RegisterPublicSectorSystemCommand extends Command<AppendResult> {
  constructor(
    readonly input: Omit<RegisterPublicSectorSystemInput, 'idempotencyKey'>,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
