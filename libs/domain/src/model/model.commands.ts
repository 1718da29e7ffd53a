import { DomainCommand } from '../shared/command';
import { ModelKind } from '../shared/values';

/** `context.firmExists`: the shell's look-up of the firm stream. */
export type RegisterModel = DomainCommand<
  'RegisterModel',
  { modelId: string; firmId: string; name: string; kind: ModelKind; context: { firmExists: boolean } }
>;
export type RegisterModelVersion = DomainCommand<'RegisterModelVersion', { modelId: string; version: string; weightsDigest: string }>;
export type DeprecateModelVersion = DomainCommand<'DeprecateModelVersion', { modelId: string; version: string; reason: string }>;

export type ModelCommand = RegisterModel | RegisterModelVersion | DeprecateModelVersion;
