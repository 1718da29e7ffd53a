import { certificationDecider, certificationStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';
import { CertificationContextService } from '../../certification-context.service';

/** A reinstatement needs the certifier still accredited for the certification's framework version and use cases now. */
export const ReinstateCertificationCommand = defineCommand({
  decider: certificationDecider,
  type: 'ReinstateCertification',
  stream: (request: { certificationId: string }) => certificationStreamId(request.certificationId),
  lookUp: async (request, { issuedAt, read }, providers) => {
    const { accreditationCovers } = await providers(CertificationContextService).forExisting(request.certificationId, issuedAt, undefined, read);
    return { context: { accreditationCovers } };
  },
});
