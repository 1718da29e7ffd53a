import { defineCommand } from '../../../infrastructure/define-command';
import { PublicSectorRepository } from '../../public-sector.repository';
import { campaign } from '../campaign-command';

/**
 * The scope is resolved against the systems registered now (the read model, current once the registering
 * mutations returned): a system registered while the campaign opens may fall either side, as it would a second later.
 */
export const OpenAuditCampaignCommand = defineCommand({
  decider: campaign.decider,
  type: 'OpenAuditCampaign',
  stream: (request: { campaignId: string; title: string; deadline: string; scope: { bureaus: string[]; systemIds: string[] } }) => campaign.stream(request),
  lookUp: async (_request, _decision, providers) => ({
    context: { registered: (await providers(PublicSectorRepository).systems()).map((s) => ({ systemId: s.summary.systemId, bureau: s.summary.bureau })) },
  }),
});
