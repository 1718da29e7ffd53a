import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetAuditCampaignQuery } from '../../queries/public-sector.queries';
import { AuditCampaignView } from '../../public-sector.views';
import { OpenAuditCampaignCommand } from './open-audit-campaign.command';
import { OpenAuditCampaignInput } from './open-audit-campaign.input';

@Resolver('AuditCampaign')
export class OpenAuditCampaignResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('openAuditCampaign')
  async open(@Args('input') input: OpenAuditCampaignInput, @RequestCtx() ctx: RequestContext): Promise<AuditCampaignView> {
    const { idempotencyKey, campaignId, title, deadline, bureaus, systemIds } = input;
    await this.commands.execute(
      new OpenAuditCampaignCommand(
        { campaignId, title, deadline: deadline.toISOString(), scope: { bureaus, systemIds } },
        commandMetadata(ctx, idempotencyKey),
      ),
    );
    return (await this.queries.execute(new GetAuditCampaignQuery(campaignId, ctx.actor)))!;
  }
}
