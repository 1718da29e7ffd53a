import { LogPosition } from '@registry/event-store';
import { LegalBasis, TrainingDataProvenance } from '@registry/contract';
import { ProvenanceState } from '@registry/domain';

export interface ProvenanceSource {
  readonly streamId: string;
  readonly entitled: boolean;
  readonly knownAt?: LogPosition;
}

export type TrainingDataProvenanceView = Omit<TrainingDataProvenance, 'history'> & { source: ProvenanceSource };

/** Null for a version never recorded; restricted details (location, basis reference) only for those entitled. */
export const provenanceView = (state: ProvenanceState, source: ProvenanceSource): TrainingDataProvenanceView | null => {
  if (state.status === 'NONE') return null;
  const details = new Map(state.sourceDetails.map((d) => [d.sourceId, d]));
  return {
    modelId: state.modelId,
    version: state.version,
    weightsDigest: state.weightsDigest,
    digestMatchesVersion: state.digestMatchesVersion,
    sources: state.sources.map((s) => ({
      sourceId: s.sourceId,
      name: s.name,
      legalBasis: s.legalBasis as LegalBasis | null,
      digest: s.digest,
      location: source.entitled ? (details.get(s.sourceId)?.location ?? null) : null,
      basisReference: source.entitled ? (details.get(s.sourceId)?.basisReference ?? null) : null,
    })),
    recordedAt: new Date(state.recordedAt),
    source,
  };
};
