import { Injectable } from '@nestjs/common';
import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { accreditationInForce, AuditCampaignCommand, auditCampaignDecider, auditCampaignStreamId, certifierDecider, certifierStreamId } from '@registry/domain';
import { CommandMetadata } from '@registry/kernel';
import { CommandShell } from '../../infrastructure/command-shell';
import { StreamReader } from '../../infrastructure/aggregate-reader';

/** A campaign use case's bus command: its domain data (without context) and who asks, when. */
export abstract class CampaignCommand<D extends { campaignId: string }> extends Command<AppendResult> {
  constructor(
    readonly data: D,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/**
 * The shell for campaign commands: each names the context its decision needs; looked up per decision through
 * the shell's reader, so a certifier suspended meanwhile makes the shell decide again.
 */
@Injectable()
export class CampaignShell {
  constructor(private readonly shell: CommandShell) {}

  decide(
    type: AuditCampaignCommand['type'],
    data: { campaignId: string },
    metadata: CommandMetadata,
    context: (read: StreamReader, issuedAt: string) => Promise<object>,
  ): Promise<AppendResult> {
    return this.shell.execute(
      auditCampaignStreamId(data.campaignId),
      auditCampaignDecider,
      {
        request: { type, data },
        // The decider's own command type checks the data; the union cannot be narrowed from a generic `type`.
        build: async ({ issuedAt, read }) => ({ type, data: { ...data, context: await context(read, issuedAt) }, actor: metadata.actor, issuedAt }) as AuditCampaignCommand,
      },
      metadata,
    );
  }

  /** Whether the certifier's accreditation is in force at the decision's time. */
  static async auditor(read: StreamReader, certifierId: string, at: string): Promise<{ accreditationInForce: boolean }> {
    const { state } = await read.load(certifierStreamId(certifierId), certifierDecider);
    return { accreditationInForce: accreditationInForce(state, at) };
  }
}
