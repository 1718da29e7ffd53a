import { DomainCommand } from '../shared/command';
import { DataTransferBasisRecorded } from './transfer-basis.events';

/** Facts from other streams, looked up by the shell: ownerFirmId is the firm owning the model (null: no such model). */
export interface TransferBasisContext {
  readonly ownerFirmId: string | null;
}

export type RecordDataTransferBasis = DomainCommand<
  'RecordDataTransferBasis',
  Omit<DataTransferBasisRecorded['data'], 'recordedAt'> & { context: TransferBasisContext }
>;
export type WithdrawDataTransferBasis = DomainCommand<'WithdrawDataTransferBasis', { basisId: string; reason: string; context: TransferBasisContext }>;

export type TransferBasisCommand = RecordDataTransferBasis | WithdrawDataTransferBasis;
