import { transferBasisDecider, transferBasisStreamId } from '@registry/domain';
import { CommandInput, defineCommand } from '../../../infrastructure/define-command';
import { ownerOf } from '../record-command';
import { RecordDataTransferBasisInput } from './record-data-transfer-basis.input';

/** The input as the decider's plain data (what the idempotency fingerprint sees). */
const basis = (input: CommandInput<RecordDataTransferBasisInput>) => ({
  ...input,
  filingReference: input.filingReference ?? null,
  filingDate: input.filingDate ? input.filingDate.toISOString() : null,
});

/** Looks up the model's owner, then lets the transfer-basis decider judge (GBA rules live there). */
export const RecordDataTransferBasisCommand = defineCommand({
  decider: transferBasisDecider,
  type: 'RecordDataTransferBasis',
  request: basis,
  stream: (request) => transferBasisStreamId(request.basisId),
  lookUp: (request, { read }, providers) => ownerOf(providers, request.modelId, read),
});
