import { certificationDecider, certificationStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';
import { CertificationContextService } from '../../certification-context.service';
import { AmendCertificationScopeInput } from './amend-certification-scope.input';

/** An amendment needs the certifier accredited for the *new* use cases now, and results against the certified HK-AI version. */
export const AmendCertificationScopeCommand = defineCommand({
  decider: certificationDecider,
  type: 'AmendCertificationScope',
  stream: (request) => certificationStreamId(request.certificationId),
  request: (input: Omit<AmendCertificationScopeInput, 'idempotencyKey'>) => ({
    certificationId: input.certificationId,
    scope: { useCases: [...input.scope.useCases], riskTier: input.scope.riskTier },
    results: input.results.map((r) => ({ requirementId: r.requirementId, result: r.result })),
  }),
  lookUp: async (request, { issuedAt, read }, providers) => ({
    context: await providers(CertificationContextService).forExisting(request.certificationId, issuedAt, request.scope.useCases, read),
  }),
});
