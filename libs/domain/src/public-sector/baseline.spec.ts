import { CampaignView } from './audit-campaign.decider';
import { BaselineSystem, computeBaseline, standingOf } from './baseline';

const T = (d: string) => `${d}T00:00:00.000Z`;
const sys = (systemId: string, bureau: string, highStakes: boolean, registeredAt = T('2026-01-01')): BaselineSystem => ({
  systemId,
  bureau,
  highStakes,
  registeredAt,
});
const systems = [
  sys('ld-job-match', 'Labour', true),
  sys('ld-chat', 'Labour', false),
  sys('hd-alloc', 'Housing', true),
  sys('td-signals', 'Transport', false, T('2026-08-01')),
];

const outcome = (recordedAt: string, findings: { title: string; risk: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL' }[], riskRating: 'LOW' | 'HIGH' = 'HIGH') => ({
  certifierId: 'cb-001',
  riskRating,
  findings,
  remediation: null,
  remediationDueAt: null,
  reportDigest: 'sha256:' + 'c'.repeat(64),
  recordedAt,
});

const campaign: CampaignView = {
  campaignId: 'baseline-2026',
  title: 'Baseline',
  deadline: T('2026-06-30'),
  scope: { bureaus: ['Labour', 'Housing'], systemIds: [] },
  systemIds: ['hd-alloc', 'ld-chat', 'ld-job-match'],
  openedAt: T('2026-03-01'),
  auditors: { 'ld-job-match': { certifierId: 'cb-001', assignedAt: T('2026-03-10') }, 'hd-alloc': { certifierId: 'cb-001', assignedAt: T('2026-03-10') } },
  outcomes: {
    'ld-job-match': outcome(T('2026-05-01'), [
      { title: 'a', risk: 'HIGH' },
      { title: 'b', risk: 'LOW' },
      { title: 'c', risk: 'LOW' },
    ]),
    'hd-alloc': outcome(T('2026-09-01'), [{ title: 'd', risk: 'CRITICAL' }]),
  },
};

describe('public-sector audit baseline', () => {
  it('before any campaign: everything registered is NOT_STARTED', () => {
    const b = computeBaseline(systems, [campaign], T('2026-02-01'));
    expect(b.overall).toMatchObject({ registered: 3, audited: 0, inProgress: 0, overdue: 0, notStarted: 3, highStakes: 2 });
    expect(b.overall.highStakesShare).toBeCloseTo(2 / 3);
  });

  it('after assignment, before the deadline: assigned systems IN_PROGRESS, unassigned NOT_STARTED', () => {
    const b = computeBaseline(systems, [campaign], T('2026-04-01'));
    expect(b.systems.map((s) => [s.systemId, s.standing])).toEqual([
      ['hd-alloc', 'IN_PROGRESS'],
      ['ld-chat', 'NOT_STARTED'],
      ['ld-job-match', 'IN_PROGRESS'],
    ]);
  });

  it('derives OVERDUE from the clock alone: the same events, judged past the deadline', () => {
    expect(standingOf(systems[2], [campaign], T('2026-06-30')).standing).toBe('IN_PROGRESS'); // at the deadline itself: still due
    expect(standingOf(systems[2], [campaign], '2026-06-30T00:00:00.001Z').standing).toBe('OVERDUE');
    expect(standingOf(systems[1], [campaign], T('2026-07-01')).standing).toBe('OVERDUE'); // never assigned, deadline passed
    const b = computeBaseline(systems, [campaign], T('2026-07-01'));
    expect(b.overall).toMatchObject({ registered: 3, audited: 1, inProgress: 0, overdue: 2, notStarted: 0 });
    expect(b.overall.findingsByRisk).toEqual({ LOW: 2, MEDIUM: 0, HIGH: 1, CRITICAL: 0 });
  });

  it('a late outcome turns OVERDUE into AUDITED from the moment it is recorded', () => {
    expect(standingOf(systems[2], [campaign], T('2026-08-31')).standing).toBe('OVERDUE');
    expect(standingOf(systems[2], [campaign], T('2026-09-01'))).toMatchObject({
      standing: 'AUDITED',
      riskRating: 'HIGH',
      auditedAt: T('2026-09-01'),
      certifierId: 'cb-001',
    });
  });

  it('counts per bureau and overall, systems registered later only from then, findings of audited systems only', () => {
    const b = computeBaseline(systems, [campaign], T('2026-10-01'));
    expect(b.bureaus.map((x) => [x.bureau, x.registered, x.audited, x.overdue, x.notStarted, x.highStakes])).toEqual([
      ['Housing', 1, 1, 0, 0, 1],
      ['Labour', 2, 1, 1, 0, 1],
      ['Transport', 1, 0, 0, 1, 0],
    ]);
    expect(b.overall).toMatchObject({
      registered: 4,
      audited: 2,
      overdue: 1,
      notStarted: 1,
      highStakes: 2,
      highStakesShare: 0.5,
      findingsByRisk: { LOW: 2, MEDIUM: 0, HIGH: 1, CRITICAL: 1 },
    });
    const sum = (k: 'audited' | 'inProgress' | 'overdue' | 'notStarted') => b.bureaus.reduce((n, x) => n + x[k], 0);
    expect(sum('audited') + sum('inProgress') + sum('overdue') + sum('notStarted')).toBe(b.overall.registered);
  });

  it('judges a system in its latest campaign: a new campaign after an audit starts it again', () => {
    const next: CampaignView = {
      ...campaign,
      campaignId: 'follow-up-2027',
      openedAt: T('2027-01-01'),
      deadline: T('2027-03-01'),
      systemIds: ['ld-job-match'],
      auditors: {},
      outcomes: {},
    };
    expect(standingOf(systems[0], [campaign, next], T('2026-12-01'))).toMatchObject({ standing: 'AUDITED', campaignId: 'baseline-2026' });
    expect(standingOf(systems[0], [campaign, next], T('2027-02-01'))).toMatchObject({ standing: 'NOT_STARTED', campaignId: 'follow-up-2027' });
    expect(standingOf(systems[0], [campaign, next], T('2027-04-01'))).toMatchObject({ standing: 'OVERDUE', campaignId: 'follow-up-2027' });
  });

  it('is empty, not broken, with nothing registered', () =>
    expect(computeBaseline([], [], T('2026-01-01'))).toEqual({
      asOf: T('2026-01-01'),
      overall: {
        registered: 0,
        audited: 0,
        inProgress: 0,
        overdue: 0,
        notStarted: 0,
        highStakes: 0,
        highStakesShare: 0,
        findingsByRisk: { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 },
      },
      bureaus: [],
      systems: [],
    }));
});
