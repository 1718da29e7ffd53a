import { DomainCommand } from '../shared/command';

export type RegisterFirm = DomainCommand<'RegisterFirm', { firmId: string; name: string; jurisdiction: string }>;
export type RenameFirm = DomainCommand<'RenameFirm', { firmId: string; name: string }>;

export type FirmCommand = RegisterFirm | RenameFirm;
