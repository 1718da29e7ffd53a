import { CommandMetadata } from '@registry/kernel';
import { FirmCommand, firmDecider, FirmEvent, FirmState, firmStreamId } from '@registry/domain';
import { DeciderCommand } from '../../../infrastructure/decider-command';

export class RegisterFirmCommand extends DeciderCommand<FirmCommand, FirmEvent, FirmState> {
  constructor(data: { firmId: string; name: string; jurisdiction: string }, metadata: CommandMetadata) {
    super(firmStreamId(data.firmId), firmDecider, { type: 'RegisterFirm', data, actor: metadata.actor, issuedAt: metadata.issuedAt }, metadata);
  }
}
