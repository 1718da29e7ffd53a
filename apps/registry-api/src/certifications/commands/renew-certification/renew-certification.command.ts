import { certificationDecider, certificationStreamId } from '@registry/domain';
import { CommandInput, defineCommand } from '../../../infrastructure/define-command';
import { accreditationCoversNow } from '../certification-look-ups';
import { RenewCertificationInput } from './renew-certification.input';

/** The input as the decider's plain data (what the idempotency fingerprint sees). */
const renewal = (input: CommandInput<RenewCertificationInput>) => ({ certificationId: input.certificationId, validUntil: input.validUntil.toISOString() });

/** A renewal needs the certifier still accredited for the certification's framework version and use cases now. */
export const RenewCertificationCommand = defineCommand({
  decider: certificationDecider,
  type: 'RenewCertification',
  request: renewal,
  stream: (request) => certificationStreamId(request.certificationId),
  lookUp: accreditationCoversNow,
});
