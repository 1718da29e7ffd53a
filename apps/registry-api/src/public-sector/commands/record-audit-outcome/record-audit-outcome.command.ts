import { RecordAuditOutcome } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';
import { auditorContext, campaign } from '../campaign-command';

/** Looks up whether the caller's own accreditation is in force now (the decider checks the caller is the system's auditor). */
export const RecordAuditOutcomeCommand = defineCommand({
  decider: campaign.decider,
  type: 'RecordAuditOutcome',
  stream: (request: Omit<RecordAuditOutcome['data'], 'context'>) => campaign.stream(request),
  lookUp: async (_request, { read, issuedAt, actor }) =>
    actor.role === 'CERTIFIER' && actor.scope ? auditorContext(read, actor.scope, issuedAt) : { context: { accreditationInForce: false } },
});
