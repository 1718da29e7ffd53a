import { DecisionInput } from '../../infrastructure/command-shell';
import { Providers } from '../../infrastructure/define-command';
import { CertificationContextService } from '../certification-context.service';

/** Reinstating and renewing both need the certifier still accredited, now, for the certification's framework version and use cases. */
export const accreditationCoversNow = async (
  request: { certificationId: string },
  { issuedAt, read }: DecisionInput,
  providers: Providers,
): Promise<{ context: { accreditationCovers: boolean } }> => {
  const { accreditationCovers } = await providers(CertificationContextService).forExisting(request.certificationId, issuedAt, undefined, read);
  return { context: { accreditationCovers } };
};
