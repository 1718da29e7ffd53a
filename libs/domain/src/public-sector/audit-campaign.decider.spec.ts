import { deciderSpec } from '@registry/kernel/testing/decider-spec';
import { certifierDecider } from '../certifier/certifier.decider';
import { AssignAuditor, OpenAuditCampaign, RecordAuditOutcome } from './audit-campaign.commands';
import { accreditationInForce, auditCampaignDecider } from './audit-campaign.decider';
import { AuditCampaignEvent } from './audit-campaign.events';
import { registrar, cb1, cb2, at } from '../testing/parties';

const deadline = '2027-03-31T00:00:00.000Z';
const digest = 'sha256:' + 'c'.repeat(64);
const registered = [
  { systemId: 'ld-job-match', bureau: 'Labour Department' },
  { systemId: 'ld-fraud', bureau: 'Labour Department' },
  { systemId: 'hd-allocation', bureau: 'Housing Department' },
];
const inForce = { accreditationInForce: true };

const open = (over: Partial<OpenAuditCampaign['data']> = {}, actor = registrar): OpenAuditCampaign => ({
  type: 'OpenAuditCampaign',
  data: {
    campaignId: 'baseline-2026',
    title: 'Baseline 2026',
    deadline,
    scope: { bureaus: ['Labour Department'], systemIds: ['hd-allocation'] },
    context: { registered },
    ...over,
  },
  actor,
  issuedAt: at,
});
const assign = (over: Partial<AssignAuditor['data']> = {}, actor = registrar): AssignAuditor => ({
  type: 'AssignAuditor',
  data: { campaignId: 'baseline-2026', certifierId: 'cb-001', systemIds: ['ld-job-match', 'ld-fraud'], context: inForce, ...over },
  actor,
  issuedAt: at,
});
const outcome = (over: Partial<RecordAuditOutcome['data']> = {}, actor = cb1): RecordAuditOutcome => ({
  type: 'RecordAuditOutcome',
  data: {
    campaignId: 'baseline-2026',
    systemId: 'ld-job-match',
    riskRating: 'HIGH',
    findings: [
      { title: 'Age proxy in features', risk: 'HIGH' },
      { title: 'No appeal notice', risk: 'LOW' },
    ],
    remediation: 'Remove the proxy; add the notice',
    remediationDueAt: '2027-06-30T00:00:00.000Z',
    reportDigest: digest,
    context: inForce,
    ...over,
  },
  actor,
  issuedAt: at,
});

const opened: AuditCampaignEvent = {
  type: 'AuditCampaignOpened',
  data: {
    campaignId: 'baseline-2026',
    title: 'Baseline 2026',
    deadline,
    scope: { bureaus: ['Labour Department'], systemIds: ['hd-allocation'] },
    systemIds: ['hd-allocation', 'ld-fraud', 'ld-job-match'],
    openedAt: at,
  },
};
const assigned: AuditCampaignEvent = {
  type: 'AuditorAssigned',
  data: { campaignId: 'baseline-2026', certifierId: 'cb-001', systemIds: ['ld-fraud', 'ld-job-match'], assignedAt: at },
};
const { context: _c, ...outcomeData } = outcome().data;
const audited: AuditCampaignEvent = { type: 'AuditOutcomeRecorded', data: { ...outcomeData, certifierId: 'cb-001', recordedAt: at } };
const spec = deciderSpec(auditCampaignDecider);

describe('audit campaign decider', () => {
  describe('OpenAuditCampaign', () => {
    it('resolves the scope (whole bureaus plus named systems) into the systems registered now', () => spec.given([]).when(open()).then([opened]));
    it('refuses anyone but the registrar', () => spec.given([]).when(open({}, cb1)).thenFails('PUBLIC_SECTOR.REGISTRAR_ONLY'));
    it('refuses a second opening of the same id', () => spec.given([opened]).when(open()).thenFails('AUDIT_CAMPAIGN.ALREADY_OPENED'));
    it('refuses a deadline not after now', () => {
      spec
        .given([])
        .when(open({ deadline: at }))
        .thenFails('AUDIT_CAMPAIGN.DEADLINE_PASSED');
      spec
        .given([])
        .when(open({ deadline: 'soon' }))
        .thenFails('AUDIT_CAMPAIGN.INVALID');
    });
    it('refuses unknown systems and a scope covering nothing', () => {
      spec
        .given([])
        .when(open({ scope: { bureaus: [], systemIds: ['ghost'] } }))
        .thenFails('AUDIT_CAMPAIGN.UNKNOWN_SYSTEMS');
      spec
        .given([])
        .when(open({ scope: { bureaus: ['Nobody'], systemIds: [] } }))
        .thenFails('AUDIT_CAMPAIGN.EMPTY_SCOPE');
    });
    it('refuses bad ids and titles', () => {
      spec
        .given([])
        .when(open({ campaignId: 'X' }))
        .thenFails('AUDIT_CAMPAIGN.INVALID');
      spec
        .given([])
        .when(open({ title: '' }))
        .thenFails('AUDIT_CAMPAIGN.INVALID');
      spec
        .given([])
        .when(open({ scope: { bureaus: [], systemIds: ['Bad Id'] } }))
        .thenFails('AUDIT_CAMPAIGN.INVALID');
    });
  });

  describe('AssignAuditor', () => {
    it('assigns an accredited certifier to systems of the campaign', () =>
      spec
        .given([opened])
        .when(assign({ systemIds: ['ld-job-match', 'ld-fraud', 'ld-fraud'] }))
        .then([assigned]));
    it('reassigns a system not yet audited to another certifier', () =>
      spec
        .given([opened, assigned])
        .when(assign({ certifierId: 'cb-002', systemIds: ['ld-fraud'] }))
        .then([{ type: 'AuditorAssigned', data: { campaignId: 'baseline-2026', certifierId: 'cb-002', systemIds: ['ld-fraud'], assignedAt: at } }]));
    it('refuses a certifier whose accreditation is not in force', () =>
      spec
        .given([opened])
        .when(assign({ context: { accreditationInForce: false } }))
        .thenFails('AUDIT_CAMPAIGN.AUDITOR_NOT_ACCREDITED'));
    it('refuses anyone but the registrar', () => spec.given([opened]).when(assign({}, cb1)).thenFails('PUBLIC_SECTOR.REGISTRAR_ONLY'));
    it('refuses an unknown campaign, systems outside it, an audited system, a repeat, and no systems', () => {
      spec.given([]).when(assign()).thenFails('AUDIT_CAMPAIGN.NOT_FOUND');
      spec
        .given([opened])
        .when(assign({ systemIds: ['other'] }))
        .thenFails('AUDIT_CAMPAIGN.SYSTEM_NOT_IN_SCOPE');
      spec
        .given([opened, assigned, audited])
        .when(assign({ certifierId: 'cb-002', systemIds: ['ld-job-match'] }))
        .thenFails('AUDIT_CAMPAIGN.ALREADY_AUDITED');
      spec.given([opened, assigned]).when(assign()).thenFails('AUDIT_CAMPAIGN.ALREADY_ASSIGNED');
      spec
        .given([opened])
        .when(assign({ systemIds: [] }))
        .thenFails('AUDIT_CAMPAIGN.INVALID');
    });
  });

  describe('RecordAuditOutcome', () => {
    it('records the assigned auditor’s outcome, attributed to its certifier', () => spec.given([opened, assigned]).when(outcome()).then([audited]));
    it('records an outcome after the deadline too (the baseline shows it audited; overdue was never an event)', () =>
      spec
        .given([opened, assigned])
        .when({ ...outcome(), issuedAt: '2027-04-15T00:00:00.000Z' })
        .then([{ ...audited, data: { ...audited.data, recordedAt: '2027-04-15T00:00:00.000Z' } }]));
    it('refuses anyone but the assigned auditor', () => {
      spec.given([opened, assigned]).when(outcome({}, cb2)).thenFails('AUDIT_CAMPAIGN.NOT_ASSIGNED_AUDITOR');
      spec.given([opened, assigned]).when(outcome({}, registrar)).thenFails('AUDIT_CAMPAIGN.NOT_ASSIGNED_AUDITOR');
      spec
        .given([opened, assigned])
        .when(outcome({ systemId: 'hd-allocation' }))
        .thenFails('AUDIT_CAMPAIGN.NOT_ASSIGNED_AUDITOR');
    });
    it('refuses an auditor whose accreditation lapsed since', () =>
      spec
        .given([opened, assigned])
        .when(outcome({ context: { accreditationInForce: false } }))
        .thenFails('AUDIT_CAMPAIGN.AUDITOR_NOT_ACCREDITED'));
    it('refuses a second outcome, an unknown campaign and a system outside it', () => {
      spec.given([opened, assigned, audited]).when(outcome()).thenFails('AUDIT_CAMPAIGN.ALREADY_AUDITED');
      spec.given([]).when(outcome()).thenFails('AUDIT_CAMPAIGN.NOT_FOUND');
      spec
        .given([opened, assigned])
        .when(outcome({ systemId: 'elsewhere' }))
        .thenFails('AUDIT_CAMPAIGN.SYSTEM_NOT_IN_SCOPE');
    });
    it.each<[string, Partial<RecordAuditOutcome['data']>]>([
      ['a HIGH rating without remediation', { remediation: null, remediationDueAt: null }],
      ['remediation without a due date', { remediationDueAt: null }],
      ['a due date in the past', { remediationDueAt: '2026-01-01T00:00:00.000Z' }],
      ['an unknown rating', { riskRating: 'SEVERE' as never }],
      ['a finding without title', { findings: [{ title: ' ', risk: 'LOW' }] }],
      ['a finding with an unknown risk', { findings: [{ title: 'x', risk: 'HUGE' as never }] }],
    ])('refuses %s', (_w, over) => spec.given([opened, assigned]).when(outcome(over)).thenFails('AUDIT_CAMPAIGN.INVALID'));
    it('refuses a malformed report digest', () =>
      spec
        .given([opened, assigned])
        .when(outcome({ reportDigest: 'abc' }))
        .thenFails('INPUT.INVALID_DIGEST'));
    it('accepts a LOW outcome with nothing to remedy', () =>
      spec
        .given([opened, assigned])
        .when(outcome({ riskRating: 'LOW', findings: [], remediation: null, remediationDueAt: null }))
        .then([{ type: 'AuditOutcomeRecorded', data: { ...audited.data, riskRating: 'LOW', findings: [], remediation: null, remediationDueAt: null } }]));
  });

  describe('accreditationInForce', () => {
    const accredited = certifierDecider.evolve(certifierDecider.initialState(), {
      type: 'CertifierAccredited',
      data: {
        certifierId: 'cb-001',
        name: 'CB',
        scope: { frameworkVersions: ['0.9-draft'], useCases: ['lending'] },
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: '2027-01-01T00:00:00.000Z',
        accreditedAt: '2026-01-01T00:00:00.000Z',
      },
    });
    it('holds inside the validity, not before, not after, not while suspended, not once withdrawn', () => {
      expect(accreditationInForce(certifierDecider.initialState(), at)).toBe(false);
      expect(accreditationInForce(accredited, at)).toBe(true);
      expect(accreditationInForce(accredited, '2025-12-31T00:00:00.000Z')).toBe(false);
      expect(accreditationInForce(accredited, '2027-01-01T00:00:00.000Z')).toBe(false);
      const suspended = certifierDecider.evolve(accredited, {
        type: 'AccreditationSuspended',
        data: { certifierId: 'cb-001', reason: 'x', suspendedAt: '2026-06-01T00:00:00.000Z' },
      });
      expect(accreditationInForce(suspended, at)).toBe(false);
      expect(accreditationInForce(suspended, '2026-05-01T00:00:00.000Z')).toBe(true);
      const withdrawn = certifierDecider.evolve(accredited, {
        type: 'AccreditationWithdrawn',
        data: { certifierId: 'cb-001', reason: 'x', withdrawnAt: '2026-10-01T00:00:00.000Z' },
      });
      expect(accreditationInForce(withdrawn, at)).toBe(false);
    });
  });
});
