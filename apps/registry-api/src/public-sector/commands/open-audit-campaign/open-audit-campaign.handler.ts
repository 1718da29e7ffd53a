import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { PublicSectorRepository } from '../../public-sector.repository';
import { CampaignCommand, CampaignShell } from '../campaign-command';

export class OpenAuditCampaignCommand extends CampaignCommand<{ campaignId: string; title: string; deadline: string; scope: { bureaus: string[]; systemIds: string[] } }> {}

/**
 * The scope is resolved against the systems registered now (the read model, current once the registering
 * mutations returned): a system registered while the campaign opens may fall either side, as it would a second later.
 */
@CommandHandler(OpenAuditCampaignCommand)
export class OpenAuditCampaignHandler implements ICommandHandler<OpenAuditCampaignCommand> {
  constructor(
    private readonly campaigns: CampaignShell,
    private readonly repository: PublicSectorRepository,
  ) {}

  execute({ data, metadata }: OpenAuditCampaignCommand): Promise<AppendResult> {
    return this.campaigns.decide('OpenAuditCampaign', data, metadata, async () => ({
      registered: (await this.repository.systems()).map((s) => ({ systemId: s.summary.systemId, bureau: s.summary.bureau })),
    }));
  }
}
