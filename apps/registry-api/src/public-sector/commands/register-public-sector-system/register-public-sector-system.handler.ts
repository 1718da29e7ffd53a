import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { modelDecider, modelStreamId, publicSectorSystemDecider, publicSectorSystemStreamId, RegisterPublicSectorSystem } from '@registry/domain';
import { CommandShell } from '../../../infrastructure/command-shell';
import { RegisterPublicSectorSystemCommand } from './register-public-sector-system.command';

/** Looks up whether the named model version is registered (its stream becomes a condition of the append), then lets the decider judge. */
@CommandHandler(RegisterPublicSectorSystemCommand)
export class RegisterPublicSectorSystemHandler implements ICommandHandler<RegisterPublicSectorSystemCommand> {
  constructor(private readonly shell: CommandShell) {}

  execute({ input, metadata }: RegisterPublicSectorSystemCommand): Promise<AppendResult> {
    const { details, model } = input;
    const data = {
      systemId: input.systemId,
      bureau: input.bureau,
      name: input.name,
      description: input.description,
      decisionArea: input.decisionArea,
      phase: input.phase,
      inUseSince: input.inUseSince.toISOString(),
      websiteUrl: input.websiteUrl ?? null,
      publicContact: input.publicContact,
      model: model ? { modelId: model.modelId, version: model.version } : null,
      details: {
        team: details.team,
        seniorResponsibleOwner: details.seniorResponsibleOwner,
        externalSupplier: details.externalSupplier ?? null,
        humanReview: details.humanReview,
        dataSources: details.dataSources,
        risksAndMitigations: details.risksAndMitigations,
        impactAssessments: details.impactAssessments ?? null,
      },
    };
    return this.shell.execute(
      publicSectorSystemStreamId(data.systemId),
      publicSectorSystemDecider,
      {
        request: { type: 'RegisterPublicSectorSystem', data },
        build: async ({ issuedAt, read }): Promise<RegisterPublicSectorSystem> => {
          let modelVersionExists: boolean | null = null;
          if (data.model) {
            const { state } = await read.load(modelStreamId(data.model.modelId), modelDecider);
            modelVersionExists = state.status === 'REGISTERED' && state.versions.some((v) => v.version === data.model!.version);
          }
          return { type: 'RegisterPublicSectorSystem', data: { ...data, context: { modelVersionExists } }, actor: metadata.actor, issuedAt };
        },
      },
      metadata,
    );
  }
}
