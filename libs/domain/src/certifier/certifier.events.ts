import { DomainEvent, streamName } from '@registry/kernel';
import { Instant, UseCase } from '../shared/values';

/** What an accreditation lets a certifier certify: HK-AI framework versions and use cases. */
export interface AccreditationScope {
  readonly frameworkVersions: readonly string[];
  readonly useCases: readonly UseCase[];
}

export type CertifierAccredited = DomainEvent<
  'CertifierAccredited',
  { certifierId: string; name: string; scope: AccreditationScope; validFrom: Instant; validUntil: Instant; accreditedAt: Instant }
>;
export type AccreditationSuspended = DomainEvent<'AccreditationSuspended', { certifierId: string; reason: string; suspendedAt: Instant }>;
export type AccreditationReinstated = DomainEvent<'AccreditationReinstated', { certifierId: string; reinstatedAt: Instant }>;
export type AccreditationWithdrawn = DomainEvent<'AccreditationWithdrawn', { certifierId: string; reason: string; withdrawnAt: Instant }>;

export type CertifierEvent = CertifierAccredited | AccreditationSuspended | AccreditationReinstated | AccreditationWithdrawn;

export const certifierStreamId = (certifierId: string) => streamName('certifier', certifierId);
export const CERTIFIER_ID = /^[a-z][a-z0-9-]{1,63}$/;
