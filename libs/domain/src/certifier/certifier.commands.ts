import { DomainCommand } from '../shared/command';
import { Instant } from '../shared/values';
import { AccreditationScope } from './certifier.events';

export type AccreditCertifier = DomainCommand<
  'AccreditCertifier',
  { certifierId: string; name: string; scope: AccreditationScope; validFrom: Instant; validUntil: Instant }
>;
export type SuspendAccreditation = DomainCommand<'SuspendAccreditation', { certifierId: string; reason: string }>;
export type ReinstateAccreditation = DomainCommand<'ReinstateAccreditation', { certifierId: string }>;
export type WithdrawAccreditation = DomainCommand<'WithdrawAccreditation', { certifierId: string; reason: string }>;

export type CertifierCommand = AccreditCertifier | SuspendAccreditation | ReinstateAccreditation | WithdrawAccreditation;
