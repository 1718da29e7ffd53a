import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CampaignCommand, CampaignShell } from '../campaign-command';

export class AssignAuditorCommand extends CampaignCommand<{ campaignId: string; certifierId: string; systemIds: string[] }> {}

/** Looks up whether the certifier's accreditation is in force now; the decider refuses one that is not. */
@CommandHandler(AssignAuditorCommand)
export class AssignAuditorHandler implements ICommandHandler<AssignAuditorCommand> {
  constructor(private readonly campaigns: CampaignShell) {}

  execute({ data, metadata }: AssignAuditorCommand): Promise<AppendResult> {
    return this.campaigns.decide('AssignAuditor', data, metadata, (read, at) => CampaignShell.auditor(read, data.certifierId, at));
  }
}
