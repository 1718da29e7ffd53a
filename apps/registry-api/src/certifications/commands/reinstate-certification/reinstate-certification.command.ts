import { certificationDecider, certificationStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';
import { accreditationCoversNow } from '../certification-look-ups';

/** A reinstatement needs the certifier still accredited for the certification's framework version and use cases now. */
export const ReinstateCertificationCommand = defineCommand({
  decider: certificationDecider,
  type: 'ReinstateCertification',
  stream: (request: { certificationId: string }) => certificationStreamId(request.certificationId),
  lookUp: accreditationCoversNow,
});
