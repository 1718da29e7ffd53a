import { DomainEvent, streamName } from '@registry/kernel';
import { Instant, ModelKind, WeightsDigest } from '../shared/values';

export type ModelRegistered = DomainEvent<'ModelRegistered', { modelId: string; firmId: string; name: string; kind: ModelKind; registeredAt: Instant }>;
/** A version is bound to one exact set of weights: new weights are a new version. */
export type ModelVersionRegistered = DomainEvent<
  'ModelVersionRegistered',
  { modelId: string; version: string; weightsDigest: WeightsDigest; registeredAt: Instant }
>;
export type ModelVersionDeprecated = DomainEvent<'ModelVersionDeprecated', { modelId: string; version: string; reason: string; deprecatedAt: Instant }>;

export type ModelEvent = ModelRegistered | ModelVersionRegistered | ModelVersionDeprecated;

export const modelStreamId = (modelId: string) => streamName('model', modelId);
export const MODEL_ID = /^[a-z][a-z0-9-]{1,63}$/;
export const MODEL_VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
