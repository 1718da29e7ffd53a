import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { PublicSectorBaseline } from '@registry/contract';
import { auditCampaignStreamId, computeBaseline, publicSectorSystemStreamId } from '@registry/domain';
import { Actor } from '@registry/kernel';
import { canSeeRestricted } from '../../auth/visibility';
import { OpenedCampaign, RegisteredSystem } from '../public-sector.projection';
import { PublicSectorRepository } from '../public-sector.repository';
import { AuditCampaignView, baselineSystem, baselineView, campaignView, PublicSectorSystemView, systemView } from '../public-sector.views';

export class GetPublicSectorSystemQuery extends Query<PublicSectorSystemView | null> {
  constructor(
    readonly systemId: string,
    readonly actor: Actor | undefined,
  ) {
    super();
  }
}

export class ListPublicSectorSystemsQuery extends Query<PublicSectorSystemView[]> {
  constructor(
    readonly bureau: string | null,
    readonly actor: Actor | undefined,
  ) {
    super();
  }
}

export class GetAuditCampaignQuery extends Query<AuditCampaignView | null> {
  constructor(
    readonly campaignId: string,
    readonly actor: Actor | undefined,
  ) {
    super();
  }
}

export class ListAuditCampaignsQuery extends Query<AuditCampaignView[]> {
  constructor(readonly actor: Actor | undefined) {
    super();
  }
}

/** The baseline at `asOf` (ISO instant). */
export class GetPublicSectorBaselineQuery extends Query<PublicSectorBaseline> {
  constructor(readonly asOf: string) {
    super();
  }
}

/**
 * The detailed tier is for the registrar, regulators and the system's auditors (any campaign's latest
 * assignment); a campaign's history only for the registrar and regulators (it holds every auditor's report
 * digest); an outcome's report digest for those and its own auditor.
 */
const auditorsOf = (campaigns: readonly OpenedCampaign[], systemId: string) => [
  ...new Set(campaigns.flatMap((c) => (c.auditors[systemId] ? [c.auditors[systemId].certifierId] : []))),
];

const toSystemView = (s: RegisteredSystem, campaigns: readonly OpenedCampaign[], actor: Actor | undefined) =>
  systemView(s, {
    streamId: publicSectorSystemStreamId(s.summary.systemId),
    entitled: canSeeRestricted(actor, { certifierIds: auditorsOf(campaigns, s.summary.systemId) }),
  });

const toCampaignView = (c: OpenedCampaign, actor: Actor | undefined) =>
  campaignView(c, { streamId: auditCampaignStreamId(c.campaignId), entitled: canSeeRestricted(actor, {}) }, (certifierId) =>
    canSeeRestricted(actor, { certifierIds: [certifierId] }),
  );

@QueryHandler(GetPublicSectorSystemQuery)
export class GetPublicSectorSystemHandler implements IQueryHandler<GetPublicSectorSystemQuery> {
  constructor(private readonly repository: PublicSectorRepository) {}

  async execute({ systemId, actor }: GetPublicSectorSystemQuery): Promise<PublicSectorSystemView | null> {
    const [system, campaigns] = await Promise.all([this.repository.system(systemId), this.repository.campaigns()]);
    return system ? toSystemView(system, campaigns, actor) : null;
  }
}

@QueryHandler(ListPublicSectorSystemsQuery)
export class ListPublicSectorSystemsHandler implements IQueryHandler<ListPublicSectorSystemsQuery> {
  constructor(private readonly repository: PublicSectorRepository) {}

  async execute({ bureau, actor }: ListPublicSectorSystemsQuery): Promise<PublicSectorSystemView[]> {
    const [systems, campaigns] = await Promise.all([this.repository.systems(bureau), this.repository.campaigns()]);
    return systems.map((s) => toSystemView(s, campaigns, actor));
  }
}

@QueryHandler(GetAuditCampaignQuery)
export class GetAuditCampaignHandler implements IQueryHandler<GetAuditCampaignQuery> {
  constructor(private readonly repository: PublicSectorRepository) {}

  async execute({ campaignId, actor }: GetAuditCampaignQuery): Promise<AuditCampaignView | null> {
    const campaign = await this.repository.campaign(campaignId);
    return campaign ? toCampaignView(campaign, actor) : null;
  }
}

@QueryHandler(ListAuditCampaignsQuery)
export class ListAuditCampaignsHandler implements IQueryHandler<ListAuditCampaignsQuery> {
  constructor(private readonly repository: PublicSectorRepository) {}

  async execute({ actor }: ListAuditCampaignsQuery): Promise<AuditCampaignView[]> {
    return (await this.repository.campaigns()).map((c) => toCampaignView(c, actor));
  }
}

@QueryHandler(GetPublicSectorBaselineQuery)
export class GetPublicSectorBaselineHandler implements IQueryHandler<GetPublicSectorBaselineQuery> {
  constructor(private readonly repository: PublicSectorRepository) {}

  async execute({ asOf }: GetPublicSectorBaselineQuery): Promise<PublicSectorBaseline> {
    const [systems, campaigns] = await Promise.all([this.repository.systems(), this.repository.campaigns()]);
    return baselineView(computeBaseline(systems.map(baselineSystem), campaigns, asOf));
  }
}

export const PublicSectorQueryHandlers = [
  GetPublicSectorSystemHandler,
  ListPublicSectorSystemsHandler,
  GetAuditCampaignHandler,
  ListAuditCampaignsHandler,
  GetPublicSectorBaselineHandler,
];
