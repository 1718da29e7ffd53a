import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata } from '@registry/kernel';
import { AmendCertificationScopeInput } from './amend-certification-scope.input';

export class AmendCertificationScopeCommand extends Command<AppendResult> {
  constructor(
    readonly data: Omit<AmendCertificationScopeInput, 'idempotencyKey'>,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
