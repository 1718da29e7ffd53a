import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetAuditCampaignQuery } from '../../queries/public-sector.queries';
import { AuditCampaignView } from '../../public-sector.views';
import { AssignAuditorCommand } from './assign-auditor.command';
import { AssignAuditorInput } from './assign-auditor.input';

@Resolver('AuditCampaign')
export class AssignAuditorResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('assignAuditor')
  async assign(@Args('input') input: AssignAuditorInput, @RequestCtx() ctx: RequestContext): Promise<AuditCampaignView> {
    const { idempotencyKey, campaignId, certifierId, systemIds } = input;
    await this.commands.execute(new AssignAuditorCommand({ campaignId, certifierId, systemIds }, commandMetadata(ctx, idempotencyKey)));
    return (await this.queries.execute(new GetAuditCampaignQuery(campaignId, ctx.actor)))!;
  }
}
