import { CommandMetadata } from '@registry/kernel';
import { ModelCommand, modelDecider, ModelEvent, ModelState, modelStreamId } from '@registry/domain';
import { DeciderCommand } from '../../../infrastructure/decider-command';

export class DeprecateModelVersionCommand extends DeciderCommand<ModelCommand, ModelEvent, ModelState> {
  constructor(data: { modelId: string; version: string; reason: string }, metadata: CommandMetadata) {
    super(modelStreamId(data.modelId), modelDecider, { type: 'DeprecateModelVersion', data, actor: metadata.actor, issuedAt: metadata.issuedAt }, metadata);
  }
}
