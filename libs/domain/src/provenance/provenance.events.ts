import { DomainEvent, streamName } from '@registry/kernel';
import { Instant, WeightsDigest } from '../shared/values';

/**
 * The intellectual-property basis on which a training-data source was used: a licence from the rights
 * holder, a text-and-data-mining exception of copyright law, the consent of the persons concerned, the
 * public domain, or the firm's own data.
 */
export const LEGAL_BASES = ['LICENCE', 'TDM_EXCEPTION', 'CONSENT', 'PUBLIC_DOMAIN', 'OWN_DATA'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** A source as anyone may read it. `legalBasis` null: the firm states it does not know (the verdict reports a GAP). */
export interface TrainingDataSource {
  readonly sourceId: string;
  readonly name: string;
  readonly legalBasis: LegalBasis | null;
  /** `sha256:` + 64 hex of the dataset as used, where one exists. */
  readonly digest: string | null;
}

/** Restricted details of a source: where it came from and the reference of its basis (licence, consent record, opt-out check). */
export interface TrainingDataSourceDetail {
  readonly sourceId: string;
  readonly location: string;
  readonly basisReference: string | null;
}

/**
 * The training data of one model version, as the owning firm states it: each source with its legal basis.
 * A new record replaces the previous one whole. `sourceDetails` is restricted (owner, the version's
 * certifiers, regulators, the registrar), as a localisation record's facility and custodian are.
 * `digestMatchesVersion`: whether `weightsDigest` is the version's registered digest (recorded, not refused;
 * the verdict reports a mismatch).
 */
export type TrainingDataProvenanceRecorded = DomainEvent<
  'TrainingDataProvenanceRecorded',
  {
    modelId: string;
    version: string;
    weightsDigest: WeightsDigest;
    digestMatchesVersion: boolean;
    sources: readonly TrainingDataSource[];
    sourceDetails: readonly TrainingDataSourceDetail[];
    recordedAt: Instant;
  }
>;

export type ProvenanceEvent = TrainingDataProvenanceRecorded;

export const provenanceStreamId = (modelId: string, version: string) => streamName('provenance', modelId, version);

export const PROVENANCE_SOURCES_MAX = 500;
export const PROVENANCE_TEXT_MAX = 500;
export const SOURCE_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
