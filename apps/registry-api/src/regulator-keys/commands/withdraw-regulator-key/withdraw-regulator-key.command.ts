import { regulatorKeyDecider, regulatorKeyStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';

export const WithdrawRegulatorKeyCommand = defineCommand({
  decider: regulatorKeyDecider,
  type: 'WithdrawRegulatorKey',
  stream: (request) => regulatorKeyStreamId(request.jurisdiction),
});
