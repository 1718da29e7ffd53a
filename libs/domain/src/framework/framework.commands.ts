import { DomainCommand } from '../shared/command';
import { Instant, Jurisdiction } from '../shared/values';
import { Requirement } from './framework.events';

export type PublishFrameworkVersion = DomainCommand<
  'PublishFrameworkVersion',
  { frameworkId: string; version: string; jurisdiction: Jurisdiction; title: string; effectiveFrom: Instant; requirements: readonly Requirement[] }
>;

export type FrameworkCommand = PublishFrameworkVersion;
