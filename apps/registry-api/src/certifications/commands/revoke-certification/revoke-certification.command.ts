import { CommandMetadata } from '@registry/kernel';
import { CertificationCommand, certificationDecider, CertificationEvent, CertificationState, certificationStreamId } from '@registry/domain';
import { DeciderCommand } from '../../../infrastructure/decider-command';

export class RevokeCertificationCommand extends DeciderCommand<CertificationCommand, CertificationEvent, CertificationState> {
  constructor(data: { certificationId: string; reason: string }, metadata: CommandMetadata) {
    super(certificationStreamId(data.certificationId), certificationDecider, { type: 'RevokeCertification', data, actor: metadata.actor, issuedAt: metadata.issuedAt }, metadata);
  }
}
