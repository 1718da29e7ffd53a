import { certifierDecider, certifierStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';

export const SuspendAccreditationCommand = defineCommand({
  decider: certifierDecider,
  type: 'SuspendAccreditation',
  stream: (request) => certifierStreamId(request.certifierId),
});
