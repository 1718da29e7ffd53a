import { DomainCommand } from '../shared/command';
import { WeightsLocalisationRecorded, WeightsRelocated } from './localisation.events';

/**
 * Facts from other streams, looked up by the shell at the command's time:
 * - ownerFirmId: the firm owning the model (null: no such model);
 * - versionDigest: the model version's registered weights digest (null: no such model version).
 */
export interface LocalisationContext {
  readonly ownerFirmId: string | null;
  readonly versionDigest: string | null;
}

export type RecordWeightsLocalisation = DomainCommand<
  'RecordWeightsLocalisation',
  Omit<WeightsLocalisationRecorded['data'], 'digestMatchesVersion' | 'recordedAt'> & { context: LocalisationContext }
>;
export type RelocateWeights = DomainCommand<
  'RelocateWeights',
  Omit<WeightsRelocated['data'], 'relocatedAt'> & { context: Pick<LocalisationContext, 'ownerFirmId'> }
>;
export type WithdrawLocalisation = DomainCommand<
  'WithdrawLocalisation',
  { modelId: string; version: string; reason: string; context: Pick<LocalisationContext, 'ownerFirmId'> }
>;

export type LocalisationCommand = RecordWeightsLocalisation | RelocateWeights | WithdrawLocalisation;
