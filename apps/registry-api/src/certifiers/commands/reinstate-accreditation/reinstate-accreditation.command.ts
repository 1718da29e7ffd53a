import { CommandMetadata } from '@registry/kernel';
import { CertifierCommand, certifierDecider, CertifierEvent, CertifierState, certifierStreamId } from '@registry/domain';
import { DeciderCommand } from '../../../infrastructure/decider-command';

export class ReinstateAccreditationCommand extends DeciderCommand<CertifierCommand, CertifierEvent, CertifierState> {
  constructor(data: { certifierId: string }, metadata: CommandMetadata) {
    super(certifierStreamId(data.certifierId), certifierDecider, { type: 'ReinstateAccreditation', data, actor: metadata.actor, issuedAt: metadata.issuedAt }, metadata);
  }
}
