import { DomainEvent, streamName } from '@registry/kernel';
import { Instant, Jurisdiction, WeightsDigest } from '../shared/values';

/**
 * Where one model version's weights are hosted, as attested. `facility` and `custodian` are restricted data
 * (owner, certifiers of the version, regulators and the registrar read them); the rest is public.
 *
 * `weightsDigest` is recorded as stated by the firm. `digestMatchesVersion` says whether it equals the model
 * version's registered digest at record time (a version's digest never changes, so the flag never goes stale):
 * a mismatch is not refused, it is an integrity failure that turns every verdict on this version NOT_READY.
 */
export type WeightsLocalisationRecorded = DomainEvent<
  'WeightsLocalisationRecorded',
  {
    modelId: string;
    version: string;
    weightsDigest: WeightsDigest;
    digestMatchesVersion: boolean;
    hostingJurisdiction: Jurisdiction;
    facility: string;
    custodian: string;
    attestedBy: string;
    recordedAt: Instant;
  }
>;
/** The same weights, hosted elsewhere or by another custodian, or attested anew; the digest does not change. */
export type WeightsRelocated = DomainEvent<
  'WeightsRelocated',
  { modelId: string; version: string; hostingJurisdiction: Jurisdiction; facility: string; custodian: string; attestedBy: string; relocatedAt: Instant }
>;
/** The version has no localisation record from here on; a new one may be recorded. */
export type LocalisationWithdrawn = DomainEvent<'LocalisationWithdrawn', { modelId: string; version: string; reason: string; withdrawnAt: Instant }>;

export type LocalisationEvent = WeightsLocalisationRecorded | WeightsRelocated | LocalisationWithdrawn;

export const localisationStreamId = (modelId: string, version: string) => streamName('localisation', modelId, version);

/** facility, custodian and attestedBy: free text, 1 to this many characters. */
export const LOCALISATION_TEXT_MAX = 200;
