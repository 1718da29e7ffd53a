import { localisationDecider, localisationStreamId } from '@registry/domain';
import { CommandInput, defineCommand } from '../../../infrastructure/define-command';
import { ownerOf } from '../record-command';
import { RelocateWeightsInput } from './relocate-weights.input';

/** Only the model's owner relocates: the decider needs the owner, read from the model's stream. */
export const RelocateWeightsCommand = defineCommand({
  decider: localisationDecider,
  type: 'RelocateWeights',
  stream: (request: CommandInput<RelocateWeightsInput>) => localisationStreamId(request.modelId, request.version),
  lookUp: (request, { read }, providers) => ownerOf(providers, request.modelId, read),
});
