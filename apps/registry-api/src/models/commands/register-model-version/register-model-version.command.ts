import { modelDecider, modelStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';

export const RegisterModelVersionCommand = defineCommand({
  decider: modelDecider,
  type: 'RegisterModelVersion',
  stream: (request) => modelStreamId(request.modelId),
});
