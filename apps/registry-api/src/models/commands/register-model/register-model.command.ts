import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata } from '@registry/kernel';
import { RegisterModelInput } from './register-model.input';

export class RegisterModelCommand extends Command<AppendResult> {
  constructor(
    readonly data: Omit<RegisterModelInput, 'idempotencyKey'>,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
