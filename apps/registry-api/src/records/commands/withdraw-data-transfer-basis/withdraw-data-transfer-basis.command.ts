import { transferBasisDecider, transferBasisStreamId } from '@registry/domain';
import { CommandInput, defineCommand } from '../../../infrastructure/define-command';
import { RecordContextService } from '../../record-context.service';
import { WithdrawDataTransferBasisInput } from './withdraw-data-transfer-basis.input';

/** The input names only the basis: its model, and so the owner the decider checks, comes from the basis' stream. */
export const WithdrawDataTransferBasisCommand = defineCommand({
  decider: transferBasisDecider,
  type: 'WithdrawDataTransferBasis',
  stream: (request: CommandInput<WithdrawDataTransferBasisInput>) => transferBasisStreamId(request.basisId),
  lookUp: async (request, { read }, providers) => ({ context: await providers(RecordContextService).basisOwner(request.basisId, read) }),
});
