import { DomainEvent, streamName } from '@registry/kernel';
import { Instant } from '../shared/values';
import { RiskRating } from './public-sector.values';

/** What the registrar asked for: whole bureaus and/or named systems. */
export interface CampaignScope {
  readonly bureaus: readonly string[];
  readonly systemIds: readonly string[];
}

/**
 * A time-bound audit of public-sector AI systems. `systemIds` is the scope resolved when the campaign was
 * opened (the systems then registered in those bureaus, plus those named), sorted: a system registered later
 * needs a campaign of its own. There is no "overdue" event: overdue is read from `deadline` and the clock.
 */
export type AuditCampaignOpened = DomainEvent<
  'AuditCampaignOpened',
  { campaignId: string; title: string; deadline: Instant; scope: CampaignScope; systemIds: readonly string[]; openedAt: Instant }
>;

/** An accredited certifier is made the auditor of these systems in the campaign (replacing any earlier auditor of them). */
export type AuditorAssigned = DomainEvent<'AuditorAssigned', { campaignId: string; certifierId: string; systemIds: readonly string[]; assignedAt: Instant }>;

export interface AuditFinding {
  readonly title: string;
  readonly risk: RiskRating;
}

/**
 * The assigned auditor's outcome for one system: its overall risk rating, the findings each with a risk,
 * what must be remedied and by when (both null when nothing must), and the digest of the audit report
 * (restricted, as every audit-report digest in the registry).
 */
export type AuditOutcomeRecorded = DomainEvent<
  'AuditOutcomeRecorded',
  {
    campaignId: string;
    systemId: string;
    certifierId: string;
    riskRating: RiskRating;
    findings: readonly AuditFinding[];
    remediation: string | null;
    remediationDueAt: Instant | null;
    reportDigest: string;
    recordedAt: Instant;
  }
>;

export type AuditCampaignEvent = AuditCampaignOpened | AuditorAssigned | AuditOutcomeRecorded;

export const auditCampaignStreamId = (campaignId: string) => streamName('audit-campaign', campaignId);

/** At most this many bureaus, named systems, or findings in one command. */
export const CAMPAIGN_LIST_MAX = 200;
