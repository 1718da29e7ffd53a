import { conditionEvidenceDecider, conditionEvidenceStreamId } from '@registry/domain';
import { CommandInput, defineCommand } from '../../../infrastructure/define-command';
import { RecordContextService } from '../../record-context.service';
import { RecordConditionEvidenceInput } from './record-condition-evidence.input';

/** Looks up the model's owner (only if the version exists), its certifiers and the equivalence's conditions. */
export const RecordConditionEvidenceCommand = defineCommand({
  decider: conditionEvidenceDecider,
  type: 'RecordConditionEvidence',
  stream: (request: CommandInput<RecordConditionEvidenceInput>) => conditionEvidenceStreamId(request.equivalenceId, request.modelId, request.version),
  lookUp: async (request, { read }, providers) => ({
    context: await providers(RecordContextService).evidence(request.equivalenceId, request.modelId, request.version, read),
  }),
});
