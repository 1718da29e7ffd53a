import { localisationDecider, localisationStreamId } from '@registry/domain';
import { CommandInput, defineCommand } from '../../../infrastructure/define-command';
import { RecordContextService } from '../../record-context.service';
import { RecordWeightsLocalizationInput } from './record-weights-localization.input';

/** Looks up the model's owner and the version's digest, then lets the localisation decider judge. */
export const RecordWeightsLocalizationCommand = defineCommand({
  decider: localisationDecider,
  type: 'RecordWeightsLocalisation',
  stream: (request: CommandInput<RecordWeightsLocalizationInput>) => localisationStreamId(request.modelId, request.version),
  lookUp: async (request, { read }, providers) => ({ context: await providers(RecordContextService).model(request.modelId, request.version, read) }),
});
