import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetAuditCampaignQuery } from '../../queries/public-sector.queries';
import { AuditCampaignView } from '../../public-sector.views';
import { RecordAuditOutcomeCommand } from './record-audit-outcome.command';
import { RecordAuditOutcomeInput } from './record-audit-outcome.input';

@Resolver('AuditCampaign')
export class RecordAuditOutcomeResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('recordAuditOutcome')
  async record(@Args('input') input: RecordAuditOutcomeInput, @RequestCtx() ctx: RequestContext): Promise<AuditCampaignView> {
    const { idempotencyKey, remediation, remediationDueAt, findings, ...rest } = input;
    const data = {
      ...rest,
      findings: findings.map((f) => ({ title: f.title, risk: f.risk })),
      remediation: remediation ?? null,
      remediationDueAt: remediationDueAt ? remediationDueAt.toISOString() : null,
    };
    await this.commands.execute(new RecordAuditOutcomeCommand(data, commandMetadata(ctx, idempotencyKey)));
    return (await this.queries.execute(new GetAuditCampaignQuery(data.campaignId, ctx.actor)))!;
  }
}
