import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { RecordTrainingDataProvenance } from '@registry/domain';
import { CommandMetadata } from '@registry/kernel';

export class RecordTrainingDataProvenanceCommand extends Command<AppendResult> {
  constructor(
    readonly data: Omit<RecordTrainingDataProvenance['data'], 'context'>,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
