import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { modelDecider, modelStreamId, provenanceDecider, provenanceStreamId, RecordTrainingDataProvenance } from '@registry/domain';
import { CommandShell } from '../../../infrastructure/command-shell';
import { RecordTrainingDataProvenanceCommand } from './record-training-data-provenance.command';

/** Looks up the model's owner and the version's digest (the model stream becomes a condition of the append), then lets the decider judge. */
@CommandHandler(RecordTrainingDataProvenanceCommand)
export class RecordTrainingDataProvenanceHandler implements ICommandHandler<RecordTrainingDataProvenanceCommand> {
  constructor(private readonly shell: CommandShell) {}

  execute({ data, metadata }: RecordTrainingDataProvenanceCommand): Promise<AppendResult> {
    return this.shell.execute(
      provenanceStreamId(data.modelId, data.version),
      provenanceDecider,
      {
        request: { type: 'RecordTrainingDataProvenance', data },
        build: async ({ issuedAt, read }): Promise<RecordTrainingDataProvenance> => {
          const { state } = await read.load(modelStreamId(data.modelId), modelDecider);
          const registered = state.status === 'REGISTERED' ? state : null;
          const context = {
            ownerFirmId: registered?.firmId ?? null,
            versionDigest: registered?.versions.find((v) => v.version === data.version)?.weightsDigest ?? null,
          };
          return { type: 'RecordTrainingDataProvenance', data: { ...data, context }, actor: metadata.actor, issuedAt };
        },
      },
      metadata,
    );
  }
}
