import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata } from '@registry/kernel';
import { IssueCertificationInput } from './issue-certification.input';

export class IssueCertificationCommand extends Command<AppendResult> {
  constructor(
    readonly data: Omit<IssueCertificationInput, 'idempotencyKey'>,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
