import { certificationDecider, certificationStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';
import { CertificationContextService } from '../../certification-context.service';
import { RenewCertificationInput } from './renew-certification.input';

/** A renewal needs the certifier still accredited for the certification's framework version and use cases now. */
export const RenewCertificationCommand = defineCommand({
  decider: certificationDecider,
  type: 'RenewCertification',
  stream: (request) => certificationStreamId(request.certificationId),
  request: (input: Omit<RenewCertificationInput, 'idempotencyKey'>) => ({ certificationId: input.certificationId, validUntil: input.validUntil.toISOString() }),
  lookUp: async (request, { issuedAt, read }, providers) => {
    const { accreditationCovers } = await providers(CertificationContextService).forExisting(request.certificationId, issuedAt, undefined, read);
    return { context: { accreditationCovers } };
  },
});
