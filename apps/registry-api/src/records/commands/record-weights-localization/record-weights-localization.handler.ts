import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { localisationDecider, localisationStreamId } from '@registry/domain';
import { CommandShell } from '../../../infrastructure/command-shell';
import { RecordContextService } from '../../record-context.service';
import { RecordWeightsLocalizationCommand } from './record-weights-localization.command';

/** Looks up the model's owner and the version's digest, then lets the localisation decider judge. */
@CommandHandler(RecordWeightsLocalizationCommand)
export class RecordWeightsLocalizationHandler implements ICommandHandler<RecordWeightsLocalizationCommand> {
  constructor(
    private readonly shell: CommandShell,
    private readonly context: RecordContextService,
  ) {}

  async execute({ data, metadata }: RecordWeightsLocalizationCommand): Promise<AppendResult> {
    const context = await this.context.model(data.modelId, data.version);
    return this.shell.execute(
      localisationStreamId(data.modelId, data.version),
      localisationDecider,
      { type: 'RecordWeightsLocalisation', data: { ...data, context }, actor: metadata.actor, issuedAt: metadata.issuedAt },
      metadata,
    );
  }
}
