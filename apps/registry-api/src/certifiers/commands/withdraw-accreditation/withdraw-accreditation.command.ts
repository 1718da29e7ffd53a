import { certifierDecider, certifierStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';

export const WithdrawAccreditationCommand = defineCommand({
  decider: certifierDecider,
  type: 'WithdrawAccreditation',
  stream: (request) => certifierStreamId(request.certifierId),
});
