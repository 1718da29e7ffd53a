import { CommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { localisationDecider, localisationStreamId } from '@registry/domain';
import { RecordCommandHandler } from '../record-command';
import { RecordWeightsLocalizationCommand } from './record-weights-localization.command';

/** Looks up the model's owner and the version's digest, then lets the localisation decider judge. */
@CommandHandler(RecordWeightsLocalizationCommand)
export class RecordWeightsLocalizationHandler extends RecordCommandHandler<RecordWeightsLocalizationCommand> {
  async execute({ data, metadata }: RecordWeightsLocalizationCommand): Promise<AppendResult> {
    return this.decide(
      localisationStreamId(data.modelId, data.version),
      localisationDecider,
      { type: 'RecordWeightsLocalisation', data },
      (read) => this.context.model(data.modelId, data.version, read),
      metadata,
    );
  }
}
