import { certifierDecider, certifierStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';

export const ReinstateAccreditationCommand = defineCommand({
  decider: certifierDecider,
  type: 'ReinstateAccreditation',
  stream: (request) => certifierStreamId(request.certifierId),
});
