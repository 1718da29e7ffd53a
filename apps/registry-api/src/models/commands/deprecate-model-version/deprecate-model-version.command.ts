import { modelDecider, modelStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';

export const DeprecateModelVersionCommand = defineCommand({
  decider: modelDecider,
  type: 'DeprecateModelVersion',
  stream: (request) => modelStreamId(request.modelId),
});
