import { firmDecider, firmStreamId, modelDecider, modelStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';
import { RegisterModelInput } from './register-model.input';

/** Looks up whether the owning firm is registered; the model decider judges the rest. */
export const RegisterModelCommand = defineCommand({
  decider: modelDecider,
  type: 'RegisterModel',
  stream: (request) => modelStreamId(request.modelId),
  request: (input: Omit<RegisterModelInput, 'idempotencyKey'>) => ({
    modelId: input.modelId,
    firmId: input.firmId,
    name: input.name,
    kind: { generative: input.kind.generative, generalPurpose: input.kind.generalPurpose },
  }),
  lookUp: async (request, { read }) => ({ context: { firmExists: (await read.load(firmStreamId(request.firmId), firmDecider)).version > 0 } }),
});
