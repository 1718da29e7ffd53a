import { DomainCommand } from '../shared/command';
import { TrainingDataSource, TrainingDataSourceDetail } from './provenance.events';

/** The model's owner (null: no such model) and the version's digest (null: no such version), looked up by the shell. */
export interface ProvenanceContext {
  readonly ownerFirmId: string | null;
  readonly versionDigest: string | null;
}

/** One source as the firm states it: public fields and restricted details together. */
export type StatedSource = TrainingDataSource & Omit<TrainingDataSourceDetail, 'sourceId'>;

export type RecordTrainingDataProvenance = DomainCommand<
  'RecordTrainingDataProvenance',
  { modelId: string; version: string; weightsDigest: string; sources: readonly StatedSource[]; context: ProvenanceContext }
>;

export type ProvenanceCommand = RecordTrainingDataProvenance;
