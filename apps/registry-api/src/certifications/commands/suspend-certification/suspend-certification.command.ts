import { CommandMetadata } from '@registry/kernel';
import { CertificationCommand, certificationDecider, CertificationEvent, CertificationState, certificationStreamId } from '@registry/domain';
import { DeciderCommand } from '../../../infrastructure/decider-command';

export class SuspendCertificationCommand extends DeciderCommand<CertificationCommand, CertificationEvent, CertificationState> {
  constructor(data: { certificationId: string; reason: string }, metadata: CommandMetadata) {
    super(certificationStreamId(data.certificationId), certificationDecider, { type: 'SuspendCertification', data, actor: metadata.actor, issuedAt: metadata.issuedAt }, metadata);
  }
}
