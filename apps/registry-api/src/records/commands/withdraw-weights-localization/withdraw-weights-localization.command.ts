import { localisationDecider, localisationStreamId } from '@registry/domain';
import { CommandInput, defineCommand } from '../../../infrastructure/define-command';
import { ownerOf } from '../record-command';
import { WithdrawWeightsLocalizationInput } from './withdraw-weights-localization.input';

/** The model's owner (or the registrar, which the decider recognises from the actor alone) withdraws. */
export const WithdrawWeightsLocalizationCommand = defineCommand({
  decider: localisationDecider,
  type: 'WithdrawLocalisation',
  stream: (request: CommandInput<WithdrawWeightsLocalizationInput>) => localisationStreamId(request.modelId, request.version),
  lookUp: (request, { read }, providers) => ownerOf(providers, request.modelId, read),
});
