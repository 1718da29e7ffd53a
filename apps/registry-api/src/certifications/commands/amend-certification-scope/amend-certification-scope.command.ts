import { certificationDecider, certificationStreamId } from '@registry/domain';
import { CommandInput, defineCommand } from '../../../infrastructure/define-command';
import { CertificationContextService } from '../../certification-context.service';
import { AmendCertificationScopeInput } from './amend-certification-scope.input';

/** The input as the decider's plain data (what the idempotency fingerprint sees). */
const amendment = (input: CommandInput<AmendCertificationScopeInput>) => ({
  certificationId: input.certificationId,
  scope: { useCases: [...input.scope.useCases], riskTier: input.scope.riskTier },
  results: input.results.map((r) => ({ requirementId: r.requirementId, result: r.result })),
});

/** An amendment needs the certifier accredited for the *new* use cases now, and results against the certified HK-AI version. */
export const AmendCertificationScopeCommand = defineCommand({
  decider: certificationDecider,
  type: 'AmendCertificationScope',
  request: amendment,
  stream: (request) => certificationStreamId(request.certificationId),
  lookUp: async (request, { issuedAt, read }, providers) => ({
    context: await providers(CertificationContextService).forExisting(request.certificationId, issuedAt, request.scope.useCases, read),
  }),
});
