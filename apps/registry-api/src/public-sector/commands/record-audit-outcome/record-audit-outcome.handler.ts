import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { RecordAuditOutcome } from '@registry/domain';
import { CampaignCommand, CampaignShell } from '../campaign-command';

export class RecordAuditOutcomeCommand extends CampaignCommand<Omit<RecordAuditOutcome['data'], 'context'>> {}

/** Looks up whether the caller's own accreditation is in force now (the decider checks the caller is the system's auditor). */
@CommandHandler(RecordAuditOutcomeCommand)
export class RecordAuditOutcomeHandler implements ICommandHandler<RecordAuditOutcomeCommand> {
  constructor(private readonly campaigns: CampaignShell) {}

  execute({ data, metadata }: RecordAuditOutcomeCommand): Promise<AppendResult> {
    const certifierId = metadata.actor.role === 'CERTIFIER' ? metadata.actor.scope : undefined;
    return this.campaigns.decide('RecordAuditOutcome', data, metadata, async (read, at) =>
      certifierId ? CampaignShell.auditor(read, certifierId, at) : { accreditationInForce: false },
    );
  }
}
