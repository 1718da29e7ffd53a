import { conditionEvidenceDecider, conditionEvidenceStreamId } from '@registry/domain';
import { CommandInput, defineCommand } from '../../../infrastructure/define-command';
import { RecordContextService } from '../../record-context.service';
import { WithdrawConditionEvidenceInput } from './withdraw-condition-evidence.input';

/**
 * The same look-up as for recording: whoever may record evidence for the version (its owner, its certifiers)
 * may withdraw it, and the registrar too (the decider checks which).
 */
export const WithdrawConditionEvidenceCommand = defineCommand({
  decider: conditionEvidenceDecider,
  type: 'WithdrawConditionEvidence',
  stream: (request: CommandInput<WithdrawConditionEvidenceInput>) => conditionEvidenceStreamId(request.equivalenceId, request.modelId, request.version),
  lookUp: async (request, { read }, providers) => ({
    context: await providers(RecordContextService).evidence(request.equivalenceId, request.modelId, request.version, read),
  }),
});
