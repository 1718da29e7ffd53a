import { CommandMetadata } from '@registry/kernel';
import { CertificationCommand, certificationDecider, CertificationEvent, CertificationState, certificationStreamId } from '@registry/domain';
import { DeciderCommand } from '../../../infrastructure/decider-command';

export class ReinstateCertificationCommand extends DeciderCommand<CertificationCommand, CertificationEvent, CertificationState> {
  constructor(data: { certificationId: string }, metadata: CommandMetadata) {
    super(certificationStreamId(data.certificationId), certificationDecider, { type: 'ReinstateCertification', data, actor: metadata.actor, issuedAt: metadata.issuedAt }, metadata);
  }
}
