import { equivalenceDecider, equivalenceStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';

export const WithdrawEquivalenceCommand = defineCommand({
  decider: equivalenceDecider,
  type: 'WithdrawEquivalence',
  stream: (request) => equivalenceStreamId(request.equivalenceId),
});
