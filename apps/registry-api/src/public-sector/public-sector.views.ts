import {
  AuditCampaign,
  AuditStanding,
  BaselineCounts as BaselineCountsView,
  DecisionArea,
  PublicSectorBaseline,
  PublicSectorSystem,
  RiskRating,
  SystemAuditStanding as StandingView,
  SystemPhase,
} from '@registry/contract';
import { Baseline, BaselineCounts, BaselineSystem, CampaignView, SystemAuditStanding } from '@registry/domain';
import { OpenedCampaign, RegisteredSystem } from './public-sector.projection';

/** Views carry what their resolved fields need: the stream for `history`, whether restricted data may be shown. */
export interface Source {
  readonly streamId: string;
  readonly entitled: boolean;
}

export type PublicSectorSystemView = Omit<PublicSectorSystem, 'history' | 'audit'> & { source: Source; baseline: BaselineSystem };
export type AuditCampaignView = Omit<AuditCampaign, 'history' | 'standings'> & { source: Source; campaign: CampaignView };

const date = (iso: string | null) => (iso === null ? null : new Date(iso));

export const baselineSystem = (s: RegisteredSystem): BaselineSystem => ({
  systemId: s.summary.systemId,
  bureau: s.summary.bureau,
  highStakes: s.summary.highStakes,
  registeredAt: s.registeredAt,
});

export const systemView = (s: RegisteredSystem, source: Source): PublicSectorSystemView => ({
  id: s.summary.systemId,
  bureau: s.summary.bureau,
  name: s.summary.name,
  description: s.summary.description,
  decisionArea: s.summary.decisionArea as DecisionArea,
  highStakes: s.summary.highStakes,
  phase: s.summary.phase as SystemPhase,
  inUseSince: new Date(s.summary.inUseSince),
  websiteUrl: s.summary.websiteUrl,
  publicContact: s.summary.publicContact,
  model: s.summary.model,
  registeredAt: new Date(s.registeredAt),
  details: source.entitled ? { ...s.details } : null,
  source,
  baseline: baselineSystem(s),
});

/** `mayReadDigest(certifierId)`: whether the caller may read the report digest of that auditor's outcome. */
export const campaignView = (c: OpenedCampaign, source: Source, mayReadDigest: (certifierId: string) => boolean): AuditCampaignView => ({
  id: c.campaignId,
  title: c.title,
  deadline: new Date(c.deadline),
  scopeBureaus: [...c.scope.bureaus],
  scopeSystemIds: [...c.scope.systemIds],
  systemIds: [...c.systemIds],
  openedAt: new Date(c.openedAt),
  assignments: Object.entries(c.auditors)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([systemId, a]) => ({ systemId, certifierId: a.certifierId, assignedAt: new Date(a.assignedAt) })),
  outcomes: Object.entries(c.outcomes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([systemId, o]) => ({
      systemId,
      certifierId: o.certifierId,
      riskRating: o.riskRating as RiskRating,
      findings: o.findings.map((f) => ({ title: f.title, risk: f.risk as RiskRating })),
      remediation: o.remediation,
      remediationDueAt: date(o.remediationDueAt),
      reportDigest: mayReadDigest(o.certifierId) ? o.reportDigest : null,
      recordedAt: new Date(o.recordedAt),
    })),
  source,
  campaign: c,
});

export const standingView = (s: SystemAuditStanding): StandingView => ({
  systemId: s.systemId,
  bureau: s.bureau,
  highStakes: s.highStakes,
  standing: s.standing as AuditStanding,
  campaignId: s.campaignId,
  deadline: date(s.deadline),
  certifierId: s.certifierId,
  riskRating: s.riskRating as RiskRating | null,
  auditedAt: date(s.auditedAt),
});

const countsView = (c: BaselineCounts): BaselineCountsView => ({
  registered: c.registered,
  audited: c.audited,
  inProgress: c.inProgress,
  overdue: c.overdue,
  notStarted: c.notStarted,
  highStakes: c.highStakes,
  highStakesShare: c.highStakesShare,
  findingsByRisk: { low: c.findingsByRisk.LOW, medium: c.findingsByRisk.MEDIUM, high: c.findingsByRisk.HIGH, critical: c.findingsByRisk.CRITICAL },
});

export const baselineView = (b: Baseline): PublicSectorBaseline => ({
  asOf: new Date(b.asOf),
  overall: countsView(b.overall),
  bureaus: b.bureaus.map(({ bureau, ...counts }) => ({ bureau, counts: countsView(counts) })),
  systems: b.systems.map(standingView),
});
