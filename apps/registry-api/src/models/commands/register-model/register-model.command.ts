import { firmDecider, firmStreamId, modelDecider, modelStreamId } from '@registry/domain';
import { CommandInput, defineCommand } from '../../../infrastructure/define-command';
import { RegisterModelInput } from './register-model.input';

/** The input as the decider's plain data (what the idempotency fingerprint sees). */
const registration = (input: CommandInput<RegisterModelInput>) => ({
  modelId: input.modelId,
  firmId: input.firmId,
  name: input.name,
  kind: { generative: input.kind.generative, generalPurpose: input.kind.generalPurpose },
});

/** Looks up whether the owning firm is registered; the model decider judges the rest. */
export const RegisterModelCommand = defineCommand({
  decider: modelDecider,
  type: 'RegisterModel',
  request: registration,
  stream: (request) => modelStreamId(request.modelId),
  lookUp: async (request, { read }) => ({ context: { firmExists: (await read.load(firmStreamId(request.firmId), firmDecider)).version > 0 } }),
});
