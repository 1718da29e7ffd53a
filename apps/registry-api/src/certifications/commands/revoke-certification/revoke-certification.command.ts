import { certificationDecider, certificationStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';

export const RevokeCertificationCommand = defineCommand({
  decider: certificationDecider,
  type: 'RevokeCertification',
  stream: (request) => certificationStreamId(request.certificationId),
});
