import { equivalenceDecider, equivalenceStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';

export const RejectEquivalenceCommand = defineCommand({
  decider: equivalenceDecider,
  type: 'RejectEquivalence',
  stream: (request) => equivalenceStreamId(request.equivalenceId),
});
