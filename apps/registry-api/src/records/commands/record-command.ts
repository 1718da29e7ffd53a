import { StreamReader } from '../../infrastructure/aggregate-reader';
import { Providers } from '../../infrastructure/define-command';
import { RecordContextService } from '../record-context.service';

/**
 * Record deciders judge with facts from other streams (the model's owner, the version's certifiers): each record
 * command's `lookUp` names which, through RecordContextService. This is the look-up of the decisions that only
 * need the model's owner.
 */
export const ownerOf = async (providers: Providers, modelId: string, read: StreamReader): Promise<{ context: { ownerFirmId: string | null } }> => {
  const { ownerFirmId } = await providers(RecordContextService).model(modelId, undefined, read);
  return { context: { ownerFirmId } };
};
