import { defineCommand } from '../../../infrastructure/define-command';
import { auditorContext, campaign } from '../campaign-command';

/** Looks up whether the certifier's accreditation is in force now; the decider refuses one that is not. */
export const AssignAuditorCommand = defineCommand({
  decider: campaign.decider,
  type: 'AssignAuditor',
  stream: (request: { campaignId: string; certifierId: string; systemIds: string[] }) => campaign.stream(request),
  lookUp: (request, { read, issuedAt }) => auditorContext(read, request.certifierId, issuedAt),
});
