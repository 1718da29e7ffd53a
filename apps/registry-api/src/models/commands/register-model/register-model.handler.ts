import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { firmDecider, firmStreamId, modelDecider, modelStreamId } from '@registry/domain';
import { CommandShell } from '../../../infrastructure/command-shell';
import { RegisterModelCommand } from './register-model.command';

/** Looks up whether the owning firm is registered; the model decider judges the rest. */
@CommandHandler(RegisterModelCommand)
export class RegisterModelHandler implements ICommandHandler<RegisterModelCommand> {
  constructor(private readonly shell: CommandShell) {}

  async execute({ data, metadata }: RegisterModelCommand): Promise<AppendResult> {
    const request = {
      modelId: data.modelId,
      firmId: data.firmId,
      name: data.name,
      kind: { generative: data.kind.generative, generalPurpose: data.kind.generalPurpose },
    };
    return this.shell.execute(
      modelStreamId(data.modelId),
      modelDecider,
      {
        request: { type: 'RegisterModel', data: request },
        build: async ({ issuedAt, read }) => {
          const firm = await read.load(firmStreamId(data.firmId), firmDecider);
          return { type: 'RegisterModel' as const, data: { ...request, context: { firmExists: firm.version > 0 } }, actor: metadata.actor, issuedAt };
        },
      },
      metadata,
    );
  }
}
