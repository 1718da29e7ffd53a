import { certificationDecider, certificationStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';

export const SuspendCertificationCommand = defineCommand({
  decider: certificationDecider,
  type: 'SuspendCertification',
  stream: (request) => certificationStreamId(request.certificationId),
});
