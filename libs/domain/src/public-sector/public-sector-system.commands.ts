import { DomainCommand } from '../shared/command';
import { PublicSectorSystemRegistered } from './public-sector-system.events';

/**
 * Facts the shell looks up: `modelVersionExists` whether the named model version is registered here (null
 * when the system names no model).
 */
export interface SystemContext {
  readonly modelVersionExists: boolean | null;
}

export type RegisterPublicSectorSystem = DomainCommand<
  'RegisterPublicSectorSystem',
  Omit<PublicSectorSystemRegistered['data'], 'registeredAt' | 'highStakes'> & { context: SystemContext }
>;

export type PublicSectorSystemCommand = RegisterPublicSectorSystem;
