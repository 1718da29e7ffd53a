import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata } from '@registry/kernel';
import { RenewCertificationInput } from './renew-certification.input';

export class RenewCertificationCommand extends Command<AppendResult> {
  constructor(
    readonly data: Omit<RenewCertificationInput, 'idempotencyKey'>,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
