import { CommandMetadata } from '@registry/kernel';
import { ModelCommand, modelDecider, ModelEvent, ModelState, modelStreamId } from '@registry/domain';
import { DeciderCommand } from '../../../infrastructure/decider-command';

export class RegisterModelVersionCommand extends DeciderCommand<ModelCommand, ModelEvent, ModelState> {
  constructor(data: { modelId: string; version: string; weightsDigest: string }, metadata: CommandMetadata) {
    super(modelStreamId(data.modelId), modelDecider, { type: 'RegisterModelVersion', data, actor: metadata.actor, issuedAt: metadata.issuedAt }, metadata);
  }
}
