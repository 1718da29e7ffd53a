import { CommandMetadata } from '@registry/kernel';
import { FirmCommand, firmDecider, FirmEvent, FirmState, firmStreamId } from '@registry/domain';
import { DeciderCommand } from '../../../infrastructure/decider-command';

export class RenameFirmCommand extends DeciderCommand<FirmCommand, FirmEvent, FirmState> {
  constructor(data: { firmId: string; name: string }, metadata: CommandMetadata) {
    super(firmStreamId(data.firmId), firmDecider, { type: 'RenameFirm', data, actor: metadata.actor, issuedAt: metadata.issuedAt }, metadata);
  }
}
