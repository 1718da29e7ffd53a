import { DomainEvent, streamName } from '@registry/kernel';

export type FirmRegistered = DomainEvent<'FirmRegistered', { firmId: string; name: string; jurisdiction: string; registeredAt: string }>;
export type FirmRenamed = DomainEvent<'FirmRenamed', { firmId: string; name: string; renamedAt: string }>;

export type FirmEvent = FirmRegistered | FirmRenamed;

export const firmStreamId = (firmId: string) => streamName('firm', firmId);
