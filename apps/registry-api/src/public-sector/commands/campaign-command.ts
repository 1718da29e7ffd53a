import { accreditationInForce, auditCampaignDecider, auditCampaignStreamId, certifierDecider, certifierStreamId } from '@registry/domain';
import { StreamReader } from '../../infrastructure/aggregate-reader';

/** Every campaign command addresses the campaign's stream and is judged by the campaign decider. */
export const campaign = { decider: auditCampaignDecider, stream: (request: { campaignId: string }) => auditCampaignStreamId(request.campaignId) } as const;

/**
 * Whether the certifier's accreditation is in force at the decision's time: looked up per decision through the
 * shell's reader, so a certifier suspended meanwhile makes the shell decide again.
 */
export const auditorContext = async (read: StreamReader, certifierId: string, at: string): Promise<{ context: { accreditationInForce: boolean } }> => {
  const { state } = await read.load(certifierStreamId(certifierId), certifierDecider);
  return { context: { accreditationInForce: accreditationInForce(state, at) } };
};
