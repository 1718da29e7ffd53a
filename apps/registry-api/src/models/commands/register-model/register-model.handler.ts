import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { firmDecider, firmStreamId, modelDecider, modelStreamId } from '@registry/domain';
import { AggregateReader } from '../../../infrastructure/aggregate-reader';
import { CommandShell } from '../../../infrastructure/command-shell';
import { RegisterModelCommand } from './register-model.command';

/** Looks up whether the owning firm is registered; the model decider judges the rest. */
@CommandHandler(RegisterModelCommand)
export class RegisterModelHandler implements ICommandHandler<RegisterModelCommand> {
  constructor(
    private readonly shell: CommandShell,
    private readonly aggregates: AggregateReader,
  ) {}

  async execute({ data, metadata }: RegisterModelCommand): Promise<AppendResult> {
    const firm = await this.aggregates.load(firmStreamId(data.firmId), firmDecider);
    return this.shell.execute(
      modelStreamId(data.modelId),
      modelDecider,
      {
        type: 'RegisterModel',
        data: {
          modelId: data.modelId,
          firmId: data.firmId,
          name: data.name,
          kind: { generative: data.kind.generative, generalPurpose: data.kind.generalPurpose },
          context: { firmExists: firm.version > 0 },
        },
        actor: metadata.actor,
        issuedAt: metadata.issuedAt,
      },
      metadata,
    );
  }
}
