import { certificationDecider, certificationStreamId } from '@registry/domain';
import { CommandInput, defineCommand } from '../../../infrastructure/define-command';
import { CertificationContextService } from '../../certification-context.service';
import { IssueCertificationInput } from './issue-certification.input';

/** The input as the decider's plain data (what the idempotency fingerprint sees). */
const issue = (input: CommandInput<IssueCertificationInput>) => ({
  certificationId: input.certificationId,
  certifierId: input.certifierId,
  modelId: input.modelId,
  modelVersion: input.modelVersion,
  weightsDigest: input.weightsDigest,
  frameworkVersion: input.frameworkVersion,
  scope: { useCases: [...input.scope.useCases], riskTier: input.scope.riskTier },
  results: input.results.map((r) => ({ requirementId: r.requirementId, result: r.result })),
  auditReportDigest: input.auditReportDigest,
  validFrom: input.validFrom.toISOString(),
  validUntil: input.validUntil.toISOString(),
  // Only when runs are cited: a request citing none is the same request (and idempotency fingerprint) as before the field.
  ...(input.sandboxRunIds?.length ? { sandboxRunIds: [...input.sandboxRunIds] } : {}),
});

/**
 * Looks up the version's digest, the certifier's cover at the time of issue, the HK-AI requirement ids and each cited
 * sandbox run (all through the decision's reader, so none may move before the append); the decider judges.
 */
export const IssueCertificationCommand = defineCommand({
  decider: certificationDecider,
  type: 'IssueCertification',
  request: issue,
  stream: (request) => certificationStreamId(request.certificationId),
  lookUp: async (request, { issuedAt, read }, providers) => ({
    context: await providers(CertificationContextService).forIssue({ ...request, useCases: request.scope.useCases }, issuedAt, read),
  }),
});
