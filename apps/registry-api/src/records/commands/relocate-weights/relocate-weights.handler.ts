import { CommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { localisationDecider, localisationStreamId } from '@registry/domain';
import { RecordCommandHandler } from '../record-command';
import { RelocateWeightsCommand } from './relocate-weights.command';

/** Only the model's owner relocates: the decider needs the owner, read from the model's stream. */
@CommandHandler(RelocateWeightsCommand)
export class RelocateWeightsHandler extends RecordCommandHandler<RelocateWeightsCommand> {
  async execute({ data, metadata }: RelocateWeightsCommand): Promise<AppendResult> {
    return this.decide(localisationStreamId(data.modelId, data.version), localisationDecider, { type: 'RelocateWeights', data }, (read) => this.owner(data.modelId, read), metadata);
  }
}
