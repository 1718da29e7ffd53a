import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata } from '@registry/kernel';
import { RecordDataTransferBasisInput } from './record-data-transfer-basis.input';

export class RecordDataTransferBasisCommand extends Command<AppendResult> {
  constructor(
    readonly data: Omit<RecordDataTransferBasisInput, 'idempotencyKey'>,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
