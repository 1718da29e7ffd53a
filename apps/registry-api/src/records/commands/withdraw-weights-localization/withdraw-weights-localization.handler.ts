import { CommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { localisationDecider, localisationStreamId } from '@registry/domain';
import { RecordCommandHandler } from '../record-command';
import { WithdrawWeightsLocalizationCommand } from './withdraw-weights-localization.command';

/** The model's owner (or the registrar, which the decider recognises from the actor alone) withdraws. */
@CommandHandler(WithdrawWeightsLocalizationCommand)
export class WithdrawWeightsLocalizationHandler extends RecordCommandHandler<WithdrawWeightsLocalizationCommand> {
  async execute({ data, metadata }: WithdrawWeightsLocalizationCommand): Promise<AppendResult> {
    return this.decide(localisationStreamId(data.modelId, data.version), localisationDecider, { type: 'WithdrawLocalisation', data }, (read) => this.owner(data.modelId, read), metadata);
  }
}
