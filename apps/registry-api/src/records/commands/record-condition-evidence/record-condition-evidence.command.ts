import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata } from '@registry/kernel';
import { RecordConditionEvidenceInput } from './record-condition-evidence.input';

export class RecordConditionEvidenceCommand extends Command<AppendResult> {
  constructor(
    readonly data: Omit<RecordConditionEvidenceInput, 'idempotencyKey'>,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
