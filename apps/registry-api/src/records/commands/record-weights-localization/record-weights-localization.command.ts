import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata } from '@registry/kernel';
import { RecordWeightsLocalizationInput } from './record-weights-localization.input';

export class RecordWeightsLocalizationCommand extends Command<AppendResult> {
  constructor(
    readonly data: Omit<RecordWeightsLocalizationInput, 'idempotencyKey'>,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
