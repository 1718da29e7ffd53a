import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { HistoryEvent, PublicSectorBaseline, SystemAuditStanding } from '@registry/contract';
import { computeBaseline, standingOf } from '@registry/domain';
import { Loaders, RequestLoaders } from '../../graphql/loaders';
import { RequestContext, RequestCtx } from '../../graphql/request-context';
import { PublicSectorRepository } from '../public-sector.repository';
import { AuditCampaignView, baselineSystem, PublicSectorSystemView, standingView } from '../public-sector.views';
import { instantOrNow } from '../public-sector.input-rules';
import {
  GetAuditCampaignQuery,
  GetPublicSectorBaselineQuery,
  GetPublicSectorSystemQuery,
  ListAuditCampaignsQuery,
  ListPublicSectorSystemsQuery,
} from './public-sector.queries';

/** The public-sector queries: transparency records, campaigns and the baseline. Public; restricted fields per caller. */
@Resolver()
export class PublicSectorQueryResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query('publicSectorSystem')
  system(@Args('id') id: string, @RequestCtx() ctx: RequestContext): Promise<PublicSectorSystemView | null> {
    return this.queries.execute(new GetPublicSectorSystemQuery(id, ctx.actor));
  }

  @Query('publicSectorSystems')
  systems(@Args('bureau') bureau: string | null | undefined, @RequestCtx() ctx: RequestContext): Promise<PublicSectorSystemView[]> {
    return this.queries.execute(new ListPublicSectorSystemsQuery(bureau ?? null, ctx.actor));
  }

  @Query('auditCampaign')
  campaign(@Args('id') id: string, @RequestCtx() ctx: RequestContext): Promise<AuditCampaignView | null> {
    return this.queries.execute(new GetAuditCampaignQuery(id, ctx.actor));
  }

  @Query('auditCampaigns')
  campaigns(@RequestCtx() ctx: RequestContext): Promise<AuditCampaignView[]> {
    return this.queries.execute(new ListAuditCampaignsQuery(ctx.actor));
  }

  @Query('publicSectorBaseline')
  baseline(@Args('asOf') asOf: Date | null | undefined): Promise<PublicSectorBaseline> {
    return this.queries.execute(new GetPublicSectorBaselineQuery(instantOrNow(asOf)));
  }
}

@Resolver('PublicSectorSystem')
export class PublicSectorSystemFieldsResolver {
  constructor(private readonly repository: PublicSectorRepository) {}

  @ResolveField('audit')
  async audit(@Parent() view: PublicSectorSystemView, @Args('asOf') asOf: Date | null | undefined): Promise<SystemAuditStanding> {
    return standingView(standingOf(view.baseline, await this.repository.campaigns(), instantOrNow(asOf)));
  }

  @ResolveField('history')
  history(@Parent() view: PublicSectorSystemView, @Loaders() loaders: RequestLoaders): Promise<HistoryEvent[]> {
    return loaders.historyOf(view.source.streamId, view.source.entitled);
  }
}

@Resolver('AuditCampaign')
export class AuditCampaignFieldsResolver {
  constructor(private readonly repository: PublicSectorRepository) {}

  /** Each covered system judged in this campaign alone (its own deadline and outcomes). */
  @ResolveField('standings')
  async standings(@Parent() view: AuditCampaignView, @Args('asOf') asOf: Date | null | undefined): Promise<SystemAuditStanding[]> {
    const systems = (await this.repository.systems()).filter((s) => view.campaign.systemIds.includes(s.summary.systemId)).map(baselineSystem);
    const at = instantOrNow(asOf);
    return computeBaseline(systems, [view.campaign], at).systems.map(standingView);
  }

  @ResolveField('history')
  history(@Parent() view: AuditCampaignView, @Loaders() loaders: RequestLoaders): Promise<HistoryEvent[]> {
    return loaders.historyOf(view.source.streamId, view.source.entitled);
  }
}
