import { transferBasisDecider, transferBasisStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';
import { ownerOf } from '../record-command';
import { RecordDataTransferBasisInput } from './record-data-transfer-basis.input';

/** Looks up the model's owner, then lets the transfer-basis decider judge (GBA rules live there). */
export const RecordDataTransferBasisCommand = defineCommand({
  decider: transferBasisDecider,
  type: 'RecordDataTransferBasis',
  stream: (request) => transferBasisStreamId(request.basisId),
  request: (input: Omit<RecordDataTransferBasisInput, 'idempotencyKey'>) => ({
    ...input,
    filingReference: input.filingReference ?? null,
    filingDate: input.filingDate ? input.filingDate.toISOString() : null,
  }),
  lookUp: (request, { read }, providers) => ownerOf(providers, request.modelId, read),
});
