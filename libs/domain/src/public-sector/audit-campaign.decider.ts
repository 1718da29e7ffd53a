import { Actor, assertNever, Decider } from '@registry/kernel';
import { CertifierState } from '../certifier/certifier.decider';
import { assertDigest, isAtOrBefore, isBefore } from '../shared/values';
import { AuditCampaignCommand } from './audit-campaign.commands';
import { AuditCampaignEvent, AuditCampaignOpened, AuditOutcomeRecorded, CAMPAIGN_LIST_MAX } from './audit-campaign.events';
import { PublicSectorErrors } from './public-sector.errors';
import { checkInstant, PUBLIC_SECTOR_ID, RISK_RATINGS, SHORT_TEXT_MAX, TEXT_MAX } from './public-sector.values';

export interface CampaignView {
  readonly campaignId: string;
  readonly title: string;
  readonly deadline: string;
  readonly scope: AuditCampaignOpened['data']['scope'];
  readonly systemIds: readonly string[];
  readonly openedAt: string;
  /** The auditor of each system (the latest assignment), with when it was assigned. */
  readonly auditors: Readonly<Record<string, { readonly certifierId: string; readonly assignedAt: string }>>;
  readonly outcomes: Readonly<Record<string, Omit<AuditOutcomeRecorded['data'], 'campaignId' | 'systemId'>>>;
}

export type AuditCampaignState = { readonly status: 'NONE' } | ({ readonly status: 'OPENED' } & CampaignView);

const CODE = 'AUDIT_CAMPAIGN.INVALID';
const invalid = PublicSectorErrors.invalidCampaign;

/**
 * Whether a certifier's accreditation is in force at `at`, whatever its scope: the test for being an
 * auditor. (The scope of an accreditation is HK-AI framework versions and use cases; a public-sector audit
 * is not a certification, so only standing matters.)
 */
export const accreditationInForce = (state: CertifierState, at: string): boolean => {
  if (state.status === 'NONE') return false;
  const { accreditation, suspensions } = state;
  if (!isAtOrBefore(accreditation.validFrom, at) || !isBefore(at, accreditation.validUntil)) return false;
  if (state.status === 'WITHDRAWN' && isAtOrBefore(state.withdrawnAt, at)) return false;
  return !suspensions.some((s) => isAtOrBefore(s.from, at) && (s.until === null || isBefore(at, s.until)));
};

const list = (field: string, values: readonly string[], check: (v: string) => boolean, message: string) => {
  if (values.length > CAMPAIGN_LIST_MAX) throw invalid(field, `${field} must hold at most ${CAMPAIGN_LIST_MAX} entries`);
  const bad = values.find((v) => !check(v));
  if (bad !== undefined) throw invalid(field, `${field} has an invalid entry ${JSON.stringify(bad)}: ${message}`);
};

const isCertifier = (actor: Actor, certifierId: string) => actor.role === 'CERTIFIER' && actor.scope === certifierId;

/** An audit campaign: opened by the registrar, auditors assigned per system, one outcome per system from its auditor. */
export const auditCampaignDecider: Decider<AuditCampaignCommand, AuditCampaignEvent, AuditCampaignState> = {
  initialState: () => ({ status: 'NONE' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'AuditCampaignOpened':
        return { status: 'OPENED', ...event.data, auditors: {}, outcomes: {} };
      case 'AuditorAssigned': {
        if (state.status !== 'OPENED') return state;
        const assigned = Object.fromEntries(event.data.systemIds.map((id) => [id, { certifierId: event.data.certifierId, assignedAt: event.data.assignedAt }]));
        return { ...state, auditors: { ...state.auditors, ...assigned } };
      }
      case 'AuditOutcomeRecorded': {
        if (state.status !== 'OPENED') return state;
        const { campaignId: _c, systemId, ...outcome } = event.data;
        return { ...state, outcomes: { ...state.outcomes, [systemId]: outcome } };
      }
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'OpenAuditCampaign': {
        if (command.actor.role !== 'REGISTRAR') throw PublicSectorErrors.registrarOnly('opens audit campaigns');
        const { context, ...d } = command.data;
        if (state.status !== 'NONE') throw PublicSectorErrors.campaignAlreadyOpened(d.campaignId);
        if (!PUBLIC_SECTOR_ID.test(d.campaignId)) throw invalid('campaignId', 'campaignId must be 2 to 64 lowercase letters, digits or dashes');
        if (!d.title.trim() || d.title.length > SHORT_TEXT_MAX) throw invalid('title', `title must be 1 to ${SHORT_TEXT_MAX} characters`);
        checkInstant(CODE, 'deadline', d.deadline);
        if (!isBefore(command.issuedAt, d.deadline)) throw PublicSectorErrors.deadlineNotInFuture();
        list('scope.bureaus', d.scope.bureaus, (b) => !!b.trim() && b.length <= SHORT_TEXT_MAX, `1 to ${SHORT_TEXT_MAX} characters`);
        list('scope.systemIds', d.scope.systemIds, (s) => PUBLIC_SECTOR_ID.test(s), '2 to 64 lowercase letters, digits or dashes');
        const known = new Set(context.registered.map((s) => s.systemId));
        const unknown = d.scope.systemIds.filter((id) => !known.has(id));
        if (unknown.length) throw PublicSectorErrors.unknownSystems(unknown);
        const bureaus = new Set(d.scope.bureaus);
        const systemIds = [...new Set([...context.registered.filter((s) => bureaus.has(s.bureau)).map((s) => s.systemId), ...d.scope.systemIds])].sort();
        if (systemIds.length === 0) throw PublicSectorErrors.emptyScope();
        const scope = { bureaus: [...new Set(d.scope.bureaus)].sort(), systemIds: [...new Set(d.scope.systemIds)].sort() };
        return [
          {
            type: 'AuditCampaignOpened',
            data: { campaignId: d.campaignId, title: d.title, deadline: d.deadline, scope, systemIds, openedAt: command.issuedAt },
          },
        ];
      }
      case 'AssignAuditor': {
        if (command.actor.role !== 'REGISTRAR') throw PublicSectorErrors.registrarOnly('assigns auditors');
        const { context, campaignId, certifierId } = command.data;
        if (state.status !== 'OPENED') throw PublicSectorErrors.campaignNotFound(campaignId);
        if (command.data.systemIds.length === 0) throw invalid('systemIds', 'systemIds must name at least one system of the campaign');
        list('systemIds', command.data.systemIds, (s) => PUBLIC_SECTOR_ID.test(s), '2 to 64 lowercase letters, digits or dashes');
        const systemIds = [...new Set(command.data.systemIds)].sort();
        const outside = systemIds.filter((id) => !state.systemIds.includes(id));
        if (outside.length) throw PublicSectorErrors.notInCampaign(campaignId, outside);
        const audited = systemIds.find((id) => state.outcomes[id]);
        if (audited) throw PublicSectorErrors.alreadyAudited(campaignId, audited);
        if (!context.accreditationInForce) throw PublicSectorErrors.auditorNotAccredited(certifierId);
        if (systemIds.every((id) => state.auditors[id]?.certifierId === certifierId)) throw PublicSectorErrors.alreadyAssigned(campaignId, certifierId);
        return [{ type: 'AuditorAssigned', data: { campaignId, certifierId, systemIds, assignedAt: command.issuedAt } }];
      }
      case 'RecordAuditOutcome': {
        const { context, ...d } = command.data;
        if (state.status !== 'OPENED') throw PublicSectorErrors.campaignNotFound(d.campaignId);
        if (!state.systemIds.includes(d.systemId)) throw PublicSectorErrors.notInCampaign(d.campaignId, [d.systemId]);
        const auditor = state.auditors[d.systemId];
        if (!auditor || !isCertifier(command.actor, auditor.certifierId)) throw PublicSectorErrors.notAssignedAuditor(d.systemId);
        if (state.outcomes[d.systemId]) throw PublicSectorErrors.alreadyAudited(d.campaignId, d.systemId);
        if (!context.accreditationInForce) throw PublicSectorErrors.auditorNotAccredited(auditor.certifierId);
        if (!(RISK_RATINGS as readonly string[]).includes(d.riskRating)) throw invalid('riskRating', `riskRating must be one of ${RISK_RATINGS.join(', ')}`);
        if (d.findings.length > CAMPAIGN_LIST_MAX) throw invalid('findings', `findings must hold at most ${CAMPAIGN_LIST_MAX} entries`);
        d.findings.forEach((f, i) => {
          if (!f.title.trim() || f.title.length > TEXT_MAX) throw invalid(`findings.${i}.title`, `findings.title must be 1 to ${TEXT_MAX} characters`);
          if (!(RISK_RATINGS as readonly string[]).includes(f.risk))
            throw invalid(`findings.${i}.risk`, `findings.risk must be one of ${RISK_RATINGS.join(', ')}`);
        });
        if ((d.remediation === null) !== (d.remediationDueAt === null))
          throw invalid('remediationDueAt', 'remediation and remediationDueAt go together: give both or neither');
        if (d.remediation !== null && (!d.remediation.trim() || d.remediation.length > TEXT_MAX))
          throw invalid('remediation', `remediation must be 1 to ${TEXT_MAX} characters`);
        if (d.remediationDueAt !== null) {
          checkInstant(CODE, 'remediationDueAt', d.remediationDueAt);
          if (isAtOrBefore(d.remediationDueAt, command.issuedAt)) throw invalid('remediationDueAt', 'remediationDueAt must be in the future');
        }
        if ((d.riskRating === 'HIGH' || d.riskRating === 'CRITICAL') && d.remediation === null)
          throw invalid('remediation', `a ${d.riskRating} risk rating needs a remediation and its due date`);
        assertDigest('reportDigest', d.reportDigest);
        return [{ type: 'AuditOutcomeRecorded', data: { ...d, certifierId: auditor.certifierId, recordedAt: command.issuedAt } }];
      }
      default:
        return assertNever(command);
    }
  },
};
