import { modelDecider, modelStreamId, provenanceDecider, provenanceStreamId, RecordTrainingDataProvenance } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';

/** Looks up the model's owner and the version's digest (the model stream becomes a condition of the append), then lets the decider judge. */
export const RecordTrainingDataProvenanceCommand = defineCommand({
  decider: provenanceDecider,
  type: 'RecordTrainingDataProvenance',
  stream: (request: Omit<RecordTrainingDataProvenance['data'], 'context'>) => provenanceStreamId(request.modelId, request.version),
  lookUp: async (request, { read }) => {
    const { state } = await read.load(modelStreamId(request.modelId), modelDecider);
    const registered = state.status === 'REGISTERED' ? state : null;
    return {
      context: {
        ownerFirmId: registered?.firmId ?? null,
        versionDigest: registered?.versions.find((v) => v.version === request.version)?.weightsDigest ?? null,
      },
    };
  },
});
