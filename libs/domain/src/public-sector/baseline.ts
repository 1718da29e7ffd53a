import { isAtOrBefore, isBefore } from '../shared/values';
import { CampaignView } from './audit-campaign.decider';
import { RISK_RATINGS, RiskRating } from './public-sector.values';

/** Where one system stands in its audit at an instant. */
export type AuditStanding = 'AUDITED' | 'IN_PROGRESS' | 'OVERDUE' | 'NOT_STARTED';

/** What the baseline needs of a registered system. */
export interface BaselineSystem {
  readonly systemId: string;
  readonly bureau: string;
  readonly highStakes: boolean;
  readonly registeredAt: string;
}

export interface SystemAuditStanding {
  readonly systemId: string;
  readonly bureau: string;
  readonly highStakes: boolean;
  readonly standing: AuditStanding;
  /** The campaign the standing is judged in (the latest opened by asOf that covers the system); null: none. */
  readonly campaignId: string | null;
  readonly deadline: string | null;
  readonly certifierId: string | null;
  readonly riskRating: RiskRating | null;
  readonly auditedAt: string | null;
}

export interface BaselineCounts {
  readonly registered: number;
  readonly audited: number;
  readonly inProgress: number;
  readonly overdue: number;
  readonly notStarted: number;
  readonly highStakes: number;
  /** highStakes / registered (0 when nothing is registered). */
  readonly highStakesShare: number;
  /** Findings of the audits counted as AUDITED, by their risk. */
  readonly findingsByRisk: Readonly<Record<RiskRating, number>>;
}

export interface Baseline {
  readonly asOf: string;
  readonly overall: BaselineCounts;
  readonly bureaus: readonly (BaselineCounts & { readonly bureau: string })[];
  readonly systems: readonly SystemAuditStanding[];
}

/**
 * The standing of one system at `asOf`, judged in the latest campaign opened by then that covers it:
 * - AUDITED: its auditor recorded an outcome by asOf (late or not);
 * - OVERDUE: no outcome and the deadline has passed (strictly before asOf): read from the clock, never an event;
 * - IN_PROGRESS: an auditor is assigned, no outcome, deadline not passed;
 * - NOT_STARTED: no campaign covers it yet, or no auditor is assigned before the deadline.
 */
export const standingOf = (system: BaselineSystem, campaigns: readonly CampaignView[], asOf: string): SystemAuditStanding => {
  const campaign = campaigns
    .filter((c) => c.systemIds.includes(system.systemId) && isAtOrBefore(c.openedAt, asOf))
    .sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt) || b.campaignId.localeCompare(a.campaignId))[0];
  const base = { systemId: system.systemId, bureau: system.bureau, highStakes: system.highStakes };
  if (!campaign) return { ...base, standing: 'NOT_STARTED', campaignId: null, deadline: null, certifierId: null, riskRating: null, auditedAt: null };
  const outcome = campaign.outcomes[system.systemId];
  const auditor = campaign.auditors[system.systemId];
  const assigned = auditor && isAtOrBefore(auditor.assignedAt, asOf) ? auditor : undefined;
  const within = { ...base, campaignId: campaign.campaignId, deadline: campaign.deadline };
  if (outcome && isAtOrBefore(outcome.recordedAt, asOf))
    return { ...within, standing: 'AUDITED', certifierId: outcome.certifierId, riskRating: outcome.riskRating, auditedAt: outcome.recordedAt };
  const standing: AuditStanding = isBefore(campaign.deadline, asOf) ? 'OVERDUE' : assigned ? 'IN_PROGRESS' : 'NOT_STARTED';
  return { ...within, standing, certifierId: assigned?.certifierId ?? null, riskRating: null, auditedAt: null };
};

const count = (standings: readonly SystemAuditStanding[], campaigns: ReadonlyMap<string, CampaignView>): BaselineCounts => {
  const findingsByRisk = Object.fromEntries(RISK_RATINGS.map((r) => [r, 0])) as Record<RiskRating, number>;
  for (const s of standings) {
    if (s.standing !== 'AUDITED') continue;
    for (const f of campaigns.get(s.campaignId!)!.outcomes[s.systemId].findings) findingsByRisk[f.risk] += 1;
  }
  const of = (standing: AuditStanding) => standings.filter((s) => s.standing === standing).length;
  const highStakes = standings.filter((s) => s.highStakes).length;
  return {
    registered: standings.length,
    audited: of('AUDITED'),
    inProgress: of('IN_PROGRESS'),
    overdue: of('OVERDUE'),
    notStarted: of('NOT_STARTED'),
    highStakes,
    highStakesShare: standings.length === 0 ? 0 : highStakes / standings.length,
    findingsByRisk,
  };
};

/**
 * The public-sector AI audit baseline at `asOf`: per bureau and overall, how many systems are registered,
 * audited, in progress, overdue and not started, the high-stakes share, and the audit findings by risk.
 * A pure function of the registered systems, the campaigns and the instant: systems registered, campaigns
 * opened, auditors assigned and outcomes recorded after asOf do not count.
 */
export const computeBaseline = (systems: readonly BaselineSystem[], campaigns: readonly CampaignView[], asOf: string): Baseline => {
  const byId = new Map(campaigns.map((c) => [c.campaignId, c]));
  const standings = systems
    .filter((s) => isAtOrBefore(s.registeredAt, asOf))
    .map((s) => standingOf(s, campaigns, asOf))
    .sort((a, b) => a.bureau.localeCompare(b.bureau) || a.systemId.localeCompare(b.systemId));
  const bureaus = [...new Set(standings.map((s) => s.bureau))].sort((a, b) => a.localeCompare(b));
  return {
    asOf,
    overall: count(standings, byId),
    bureaus: bureaus.map((bureau) => ({
      bureau,
      ...count(
        standings.filter((s) => s.bureau === bureau),
        byId,
      ),
    })),
    systems: standings,
  };
};
