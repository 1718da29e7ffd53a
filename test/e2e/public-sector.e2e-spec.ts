import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { publicSectorSystemStreamId } from '@registry/domain';
import { ProjectionRunner } from '@registry/projections';
import { errorCodes, RunningRegistry } from './support/registry';

const SYSTEM = `id bureau name description decisionArea highStakes phase inUseSince websiteUrl publicContact model { modelId version } registeredAt
  details { team seniorResponsibleOwner externalSupplier humanReview dataSources risksAndMitigations impactAssessments }
  history { type data actor { subject role } }`;
const REGISTER = `mutation($input: RegisterPublicSectorSystemInput!) { registerPublicSectorSystem(input: $input) { ${SYSTEM} } }`;
const GET_SYSTEM = `query($id: ID!, $asOf: DateTime) { publicSectorSystem(id: $id) { ${SYSTEM} audit(asOf: $asOf) { standing campaignId certifierId riskRating } } }`;
const CAMPAIGN = `id title deadline scopeBureaus scopeSystemIds systemIds openedAt assignments { systemId certifierId } 
  outcomes { systemId certifierId riskRating findings { title risk } remediation remediationDueAt reportDigest recordedAt }
  history { type data }`;
const OPEN = `mutation($input: OpenAuditCampaignInput!) { openAuditCampaign(input: $input) { ${CAMPAIGN} } }`;
const ASSIGN = `mutation($input: AssignAuditorInput!) { assignAuditor(input: $input) { ${CAMPAIGN} } }`;
const OUTCOME = `mutation($input: RecordAuditOutcomeInput!) { recordAuditOutcome(input: $input) { ${CAMPAIGN} } }`;
const GET_CAMPAIGN = `query($id: ID!, $asOf: DateTime) { auditCampaign(id: $id) { ${CAMPAIGN} standings(asOf: $asOf) { systemId standing } } }`;
const COUNTS = `registered audited inProgress overdue notStarted highStakes highStakesShare findingsByRisk { low medium high critical }`;
const BASELINE = `query($asOf: DateTime) { publicSectorBaseline(asOf: $asOf) { asOf overall { ${COUNTS} } bureaus { bureau counts { ${COUNTS} } } systems { systemId bureau standing campaignId } } }`;

const details = {
  team: 'Employment Services Analytics',
  seniorResponsibleOwner: 'Assistant Commissioner for Labour',
  externalSupplier: null,
  humanReview: 'Every shortlist is reviewed by an officer; applicants may appeal.',
  dataSources: 'Past vacancies and applications, 2019-2025.',
  risksAndMitigations: 'Indirect age discrimination: monitored monthly.',
  impactAssessments: 'PIA 2025-07',
};
const system = (systemId: string, bureau: string, decisionArea: string, over: Record<string, unknown> = {}) => ({
  systemId,
  bureau,
  name: `System ${systemId}`,
  description: 'What it does, for whom, and why.',
  decisionArea,
  phase: 'PRODUCTION',
  inUseSince: '2025-03-01T00:00:00Z',
  websiteUrl: 'https://www.gov.hk/ai/' + systemId,
  publicContact: 'ai@labour.gov.hk',
  details,
  ...over,
});
const DIGEST = 'sha256:' + 'c'.repeat(64);
const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();

describe('public-sector AI audit baseline over HTTP', () => {
  let registry: RunningRegistry;
  const t: Record<string, string> = {};
  const deadline = hours(24);

  beforeAll(async () => {
    registry = await RunningRegistry.start();
    t.registrar = await registry.token('REGISTRAR', 'registrar-hk');
    t.auditor = await registry.token('CERTIFIER', 'cb-audit', 'cb-audit');
    t.other = await registry.token('CERTIFIER', 'cb-other', 'cb-other');
    t.firm = await registry.token('FIRM', 'acme-admin', 'acme');
    t.regulator = await registry.token('REGULATOR', 'cac', 'CN');
    for (const id of ['cb-audit', 'cb-other', 'cb-lapsed']) {
      const r = await registry.gql(
        `mutation($input: AccreditCertifierInput!) { accreditCertifier(input: $input) { id } }`,
        {
          input: {
            certifierId: id,
            name: id,
            scope: { frameworkVersions: ['0.9-draft'], useCases: ['hiring'] },
            validFrom: hours(-48),
            validUntil: hours(24 * 365),
          },
        },
        t.registrar,
      );
      expect(r.errors).toBeUndefined();
    }
    const s = await registry.gql(`mutation { suspendAccreditation(input: { certifierId: "cb-lapsed", reason: "lapsed insurance" }) { id } }`, {}, t.registrar);
    expect(s.errors).toBeUndefined();
  });
  afterAll(() => registry.stop());

  describe('registerPublicSectorSystem', () => {
    it('lets the registrar register an ATRS record; high-stakes follows from the decision area', async () => {
      const r = await registry.gql(REGISTER, { input: system('ld-job-match', 'Labour Department', 'HIRING', { idempotencyKey: 'sys-1' }) }, t.registrar);
      expect(r.errors).toBeUndefined();
      expect(r.data.registerPublicSectorSystem).toMatchObject({
        id: 'ld-job-match',
        highStakes: true,
        phase: 'PRODUCTION',
        details: { team: 'Employment Services Analytics' },
      });
      expect(r.data.registerPublicSectorSystem.history).toEqual([
        expect.objectContaining({ type: 'PublicSectorSystemRegistered', actor: { subject: 'registrar-hk', role: 'REGISTRAR' } }),
      ]);
      for (const [id, bureau, area] of [
        ['ld-enquiry-bot', 'Labour Department', 'PUBLIC_INFORMATION'],
        ['hd-allocation', 'Housing Department', 'HOUSING'],
        ['td-signals', 'Transport Department', 'TRANSPORT'],
      ])
        expect(
          (
            await registry.gql(
              REGISTER,
              { input: system(id, bureau, area, { websiteUrl: null, details: { ...details, impactAssessments: null } }) },
              t.registrar,
            )
          ).errors,
        ).toBeUndefined();
      expect((await registry.gql(GET_SYSTEM, { id: 'ld-enquiry-bot' })).data.publicSectorSystem).toMatchObject({ highStakes: false, websiteUrl: null });
    });

    it('answers a replay under the same idempotency key without writing', async () => {
      const before = await registry.eventCount();
      const r = await registry.gql(REGISTER, { input: system('ld-job-match', 'Labour Department', 'HIRING', { idempotencyKey: 'sys-1' }) }, t.registrar);
      expect(r.errors).toBeUndefined();
      expect(await registry.eventCount()).toBe(before);
    });

    it('shows the detailed tier only to the registrar and regulators (and, later, its auditors)', async () => {
      for (const [token, entitled] of [
        [undefined, false],
        [t.firm, false],
        [t.auditor, false],
        [t.regulator, true],
        [t.registrar, true],
      ] as const) {
        const s = (await registry.gql(GET_SYSTEM, { id: 'ld-job-match' }, token)).data.publicSectorSystem;
        expect(s.name).toBe('System ld-job-match');
        expect([s.details?.team ?? null, s.history[0].data.details?.team ?? null]).toEqual(entitled ? [details.team, details.team] : [null, null]);
      }
    });

    it('refuses every role but the registrar, a second registration and an unknown model version, appending nothing', async () => {
      const input = system('xx-new', 'Labour Department', 'HIRING');
      await registry.refused(() => registry.gql(REGISTER, { input }), 'UNAUTHENTICATED/AUTH.REQUIRED');
      for (const token of [t.firm, t.auditor, t.regulator])
        await registry.refused(() => registry.gql(REGISTER, { input }, token), 'FORBIDDEN/PUBLIC_SECTOR.REGISTRAR_ONLY');
      await registry.refused(
        () => registry.gql(REGISTER, { input: system('ld-job-match', 'Labour Department', 'HIRING') }, t.registrar),
        'CONFLICT/PUBLIC_SECTOR.SYSTEM_ALREADY_REGISTERED',
      );
      await registry.refused(
        () => registry.gql(REGISTER, { input: { ...input, model: { modelId: 'ghost-model', version: '1.0' } } }, t.registrar),
        'NOT_FOUND/PUBLIC_SECTOR.MODEL_VERSION_NOT_FOUND',
      );
      await registry.refused(() => registry.gql(REGISTER, { input: { ...input, inUseSince: hours(48) } }, t.registrar), 'BAD_USER_INPUT/PUBLIC_SECTOR.INVALID');
    });

    it.each([
      ['systemId', { systemId: 'Job Match!' }],
      ['publicContact', { publicContact: 'Labour <ai@labour.gov.hk>' }],
      ['websiteUrl', { websiteUrl: 'javascript:alert(1)' }],
      ['bureau', { bureau: '   ' }],
      ['description', { description: 'x'.repeat(2001) }],
      ['details.seniorResponsibleOwner', { details: { ...details, seniorResponsibleOwner: '' } }],
      ['model.modelId', { model: { modelId: '../../etc', version: '1.0' } }],
    ])('refuses a hostile or malformed %s, naming it', async (field, over) => {
      await registry.refusedNaming(() => registry.gql(REGISTER, { input: system('xx-bad', 'Labour Department', 'HIRING', over) }, t.registrar), field);
    });

    it.each([
      ['bureau', { bureau: 'Lands\n=2+2' }],
      ['bureau', { bureau: '\r=1' }],
      ['bureau', { bureau: 'Lands\tDepartment' }],
      ['bureau', { bureau: 'Lands\u2028Department' }],
      ['name', { name: 'Job\r\nMatch' }],
      ['name', { name: 'Job \u001b[31mMatch' }],
      ['details.team', { details: { ...details, team: 'Team\nB' } }],
      ['details.seniorResponsibleOwner', { details: { ...details, seniorResponsibleOwner: 'Owner\u0085' } }],
      ['details.externalSupplier', { details: { ...details, externalSupplier: 'Acme\n=cmd' } }],
      ['description', { description: 'Line one\nLine two \u0007 bell' }],
      ['details.humanReview', { details: { ...details, humanReview: 'Reviewed\u000b' } }],
      ['websiteUrl', { websiteUrl: 'https://www.gov.hk/\u0001' }],
      ['publicContact', { publicContact: 'ai@labour.gov.hk\n' }],
    ])('refuses a control character in %s, naming it and appending nothing', async (field, over) => {
      await registry.refusedNaming(() => registry.gql(REGISTER, { input: system('xx-ctl', 'Labour Department', 'HIRING', over) }, t.registrar), field);
    });

    it('refuses an unknown decision area and an extra field before any resolver runs', async () => {
      const before = await registry.eventCount();
      expect(errorCodes(await registry.gql(REGISTER, { input: system('xx-bad', 'Labour Department', 'ASTROLOGY') }, t.registrar))[0]).toMatch(
        /^BAD_USER_INPUT\//,
      );
      expect(errorCodes(await registry.gql(REGISTER, { input: { ...system('xx-bad', 'L', 'HIRING'), highStakes: false } }, t.registrar))[0]).toMatch(
        /^BAD_USER_INPUT\//,
      );
      expect(await registry.eventCount()).toBe(before);
    });
  });

  describe('a campaign from opened to overdue to audited', () => {
    const campaign = {
      campaignId: 'baseline-2026',
      title: 'Public-sector AI baseline 2026',
      deadline,
      bureaus: ['Labour Department'],
      systemIds: ['hd-allocation'],
    };
    const past = () => new Date(Date.parse(deadline) + 3_600_000).toISOString();
    const standings = async (asOf?: string) =>
      Object.fromEntries(
        (await registry.gql(BASELINE, { asOf })).data.publicSectorBaseline.systems.map((s: { systemId: string; standing: string }) => [s.systemId, s.standing]),
      );

    it('opens: the scope is resolved to the systems registered now; nothing has started', async () => {
      const r = await registry.gql(OPEN, { input: campaign }, t.registrar);
      expect(r.errors).toBeUndefined();
      expect(r.data.openAuditCampaign).toMatchObject({
        id: 'baseline-2026',
        systemIds: ['hd-allocation', 'ld-enquiry-bot', 'ld-job-match'],
        scopeBureaus: ['Labour Department'],
        assignments: [],
        outcomes: [],
      });
      expect(await standings()).toEqual({
        'hd-allocation': 'NOT_STARTED',
        'ld-enquiry-bot': 'NOT_STARTED',
        'ld-job-match': 'NOT_STARTED',
        'td-signals': 'NOT_STARTED',
      });
    });

    it('refuses other roles, unknown systems, an empty scope, a past deadline and a second opening, appending nothing', async () => {
      for (const token of [t.firm, t.auditor, t.regulator])
        await registry.refused(() => registry.gql(OPEN, { input: { ...campaign, campaignId: 'c2' } }, token), 'FORBIDDEN/PUBLIC_SECTOR.REGISTRAR_ONLY');
      await registry.refused(() => registry.gql(OPEN, { input: { ...campaign, campaignId: 'c2' } }), 'UNAUTHENTICATED/AUTH.REQUIRED');
      await registry.refused(
        () => registry.gql(OPEN, { input: { ...campaign, campaignId: 'c2', systemIds: ['ghost'] } }, t.registrar),
        'NOT_FOUND/AUDIT_CAMPAIGN.UNKNOWN_SYSTEMS',
      );
      await registry.refused(
        () => registry.gql(OPEN, { input: { ...campaign, campaignId: 'c2', bureaus: ['Nobody'], systemIds: [] } }, t.registrar),
        'BAD_USER_INPUT/AUDIT_CAMPAIGN.EMPTY_SCOPE',
      );
      await registry.refused(
        () => registry.gql(OPEN, { input: { ...campaign, campaignId: 'c2', deadline: hours(-1) } }, t.registrar),
        'BAD_USER_INPUT/AUDIT_CAMPAIGN.DEADLINE_PASSED',
      );
      await registry.refused(() => registry.gql(OPEN, { input: campaign }, t.registrar), 'CONFLICT/AUDIT_CAMPAIGN.ALREADY_OPENED');
      await registry.refusedNaming(
        () => registry.gql(OPEN, { input: { ...campaign, campaignId: 'c2', systemIds: ["x'; DROP TABLE es_events;--"] } }, t.registrar),
        'systemIds',
      );
      await registry.refusedNaming(
        () => registry.gql(OPEN, { input: { ...campaign, campaignId: 'c2', bureaus: Array(201).fill('B') } }, t.registrar),
        'bureaus',
      );
      await registry.refusedNaming(
        () => registry.gql(OPEN, { input: { ...campaign, campaignId: 'c2', bureaus: ['Labour Department', 'Lands\n=2+2'] } }, t.registrar),
        'bureaus',
      );
      await registry.refusedNaming(() => registry.gql(OPEN, { input: { ...campaign, campaignId: 'c2', title: 'Baseline\r\n2026' } }, t.registrar), 'title');
    });

    it('assigns accredited auditors only: IN_PROGRESS until the deadline', async () => {
      await registry.refused(
        () => registry.gql(ASSIGN, { input: { campaignId: 'baseline-2026', certifierId: 'cb-lapsed', systemIds: ['ld-job-match'] } }, t.registrar),
        'FORBIDDEN/AUDIT_CAMPAIGN.AUDITOR_NOT_ACCREDITED',
      );
      await registry.refused(
        () => registry.gql(ASSIGN, { input: { campaignId: 'baseline-2026', certifierId: 'cb-never', systemIds: ['ld-job-match'] } }, t.registrar),
        'FORBIDDEN/AUDIT_CAMPAIGN.AUDITOR_NOT_ACCREDITED',
      );
      await registry.refused(
        () => registry.gql(ASSIGN, { input: { campaignId: 'baseline-2026', certifierId: 'cb-audit', systemIds: ['td-signals'] } }, t.registrar),
        'NOT_FOUND/AUDIT_CAMPAIGN.SYSTEM_NOT_IN_SCOPE',
      );
      await registry.refused(
        () => registry.gql(ASSIGN, { input: { campaignId: 'nope', certifierId: 'cb-audit', systemIds: ['ld-job-match'] } }, t.registrar),
        'NOT_FOUND/AUDIT_CAMPAIGN.NOT_FOUND',
      );
      await registry.refused(
        () => registry.gql(ASSIGN, { input: { campaignId: 'baseline-2026', certifierId: 'cb-audit', systemIds: ['ld-job-match'] } }, t.auditor),
        'FORBIDDEN/PUBLIC_SECTOR.REGISTRAR_ONLY',
      );
      await registry.refusedNaming(
        () => registry.gql(ASSIGN, { input: { campaignId: 'baseline-2026', certifierId: 'cb-audit', systemIds: [] } }, t.registrar),
        'systemIds',
      );
      const r = await registry.gql(
        ASSIGN,
        { input: { campaignId: 'baseline-2026', certifierId: 'cb-audit', systemIds: ['ld-job-match', 'hd-allocation'] } },
        t.registrar,
      );
      expect(r.errors).toBeUndefined();
      expect(r.data.assignAuditor.assignments).toEqual([
        { systemId: 'hd-allocation', certifierId: 'cb-audit' },
        { systemId: 'ld-job-match', certifierId: 'cb-audit' },
      ]);
      expect(await standings()).toMatchObject({ 'hd-allocation': 'IN_PROGRESS', 'ld-enquiry-bot': 'NOT_STARTED', 'ld-job-match': 'IN_PROGRESS' });
      // The auditor now reads the detailed tier of the systems it audits, not of the others.
      expect((await registry.gql(GET_SYSTEM, { id: 'ld-job-match' }, t.auditor)).data.publicSectorSystem.details.team).toBe(details.team);
      expect((await registry.gql(GET_SYSTEM, { id: 'ld-enquiry-bot' }, t.auditor)).data.publicSectorSystem.details).toBeNull();
    });

    it('is OVERDUE past the deadline with no outcome: read from the clock (asOf), no event appended', async () => {
      const before = await registry.eventCount();
      expect(await standings(past())).toEqual({
        'hd-allocation': 'OVERDUE',
        'ld-enquiry-bot': 'OVERDUE',
        'ld-job-match': 'OVERDUE',
        'td-signals': 'NOT_STARTED',
      });
      expect((await registry.gql(GET_SYSTEM, { id: 'ld-job-match', asOf: past() })).data.publicSectorSystem.audit).toMatchObject({
        standing: 'OVERDUE',
        campaignId: 'baseline-2026',
      });
      const standingsOfCampaign = (await registry.gql(GET_CAMPAIGN, { id: 'baseline-2026', asOf: past() })).data.auditCampaign.standings;
      expect(standingsOfCampaign.map((s: { standing: string }) => s.standing)).toEqual(['OVERDUE', 'OVERDUE', 'OVERDUE']);
      expect(await registry.eventCount()).toBe(before);
    });

    const outcome = {
      campaignId: 'baseline-2026',
      systemId: 'ld-job-match',
      riskRating: 'HIGH',
      findings: [
        { title: 'Years of experience acts as an age proxy', risk: 'HIGH' },
        { title: 'No notice of automated ranking', risk: 'LOW' },
      ],
      remediation: 'Cap the feature; add a notice',
      remediationDueAt: hours(24 * 90),
      reportDigest: DIGEST,
    };

    it('refuses an outcome from anyone but the assigned auditor, and bad outcomes, appending nothing', async () => {
      for (const token of [t.other, t.registrar, t.firm, t.regulator])
        await registry.refused(() => registry.gql(OUTCOME, { input: outcome }, token), 'FORBIDDEN/AUDIT_CAMPAIGN.NOT_ASSIGNED_AUDITOR');
      await registry.refused(
        () => registry.gql(OUTCOME, { input: { ...outcome, remediation: null, remediationDueAt: null } }, t.auditor),
        'BAD_USER_INPUT/AUDIT_CAMPAIGN.INVALID',
      );
      await registry.refused(
        () => registry.gql(OUTCOME, { input: { ...outcome, remediationDueAt: hours(-24) } }, t.auditor),
        'BAD_USER_INPUT/AUDIT_CAMPAIGN.INVALID',
      );
      await registry.refused(
        () => registry.gql(OUTCOME, { input: { ...outcome, systemId: 'td-signals' } }, t.auditor),
        'NOT_FOUND/AUDIT_CAMPAIGN.SYSTEM_NOT_IN_SCOPE',
      );
      await registry.refusedNaming(() => registry.gql(OUTCOME, { input: { ...outcome, reportDigest: 'sha256:<script>' } }, t.auditor), 'reportDigest');
      await registry.refusedNaming(
        () => registry.gql(OUTCOME, { input: { ...outcome, findings: [{ title: '', risk: 'LOW' }] } }, t.auditor),
        'findings.0.title',
      );
      await registry.refusedNaming(
        () => registry.gql(OUTCOME, { input: { ...outcome, findings: [{ title: 'Age proxy\n=1+1', risk: 'LOW' }] } }, t.auditor),
        'findings.0.title',
      );
      await registry.refusedNaming(
        () => registry.gql(OUTCOME, { input: { ...outcome, remediation: 'Cap it\u001b]8;;http://evil\u0007' } }, t.auditor),
        'remediation',
      );
    });

    it('records the auditor’s outcome: AUDITED, including when judged past the deadline; findings counted by risk', async () => {
      const r = await registry.gql(OUTCOME, { input: outcome }, t.auditor);
      expect(r.errors).toBeUndefined();
      expect(r.data.recordAuditOutcome.outcomes).toEqual([
        expect.objectContaining({ systemId: 'ld-job-match', certifierId: 'cb-audit', riskRating: 'HIGH', reportDigest: DIGEST }),
      ]);
      expect(await standings(past())).toEqual({
        'hd-allocation': 'OVERDUE',
        'ld-enquiry-bot': 'OVERDUE',
        'ld-job-match': 'AUDITED',
        'td-signals': 'NOT_STARTED',
      });
      await registry.refused(() => registry.gql(OUTCOME, { input: outcome }, t.auditor), 'CONFLICT/AUDIT_CAMPAIGN.ALREADY_AUDITED');
      const b = (await registry.gql(BASELINE, { asOf: past() })).data.publicSectorBaseline;
      expect(b.overall).toEqual({
        registered: 4,
        audited: 1,
        inProgress: 0,
        overdue: 2,
        notStarted: 1,
        highStakes: 2,
        highStakesShare: 0.5,
        findingsByRisk: { low: 1, medium: 0, high: 1, critical: 0 },
      });
      expect(
        b.bureaus.map((x: { bureau: string; counts: { registered: number; audited: number; overdue: number } }) => [
          x.bureau,
          x.counts.registered,
          x.counts.audited,
          x.counts.overdue,
        ]),
      ).toEqual([
        ['Housing Department', 1, 0, 1],
        ['Labour Department', 2, 1, 1],
        ['Transport Department', 1, 0, 0],
      ]);
    });

    it('shows the report digest to the registrar, regulators and the auditor only', async () => {
      for (const [token, shown] of [
        [undefined, false],
        [t.firm, false],
        [t.other, false],
        [t.auditor, true],
        [t.regulator, true],
        [t.registrar, true],
      ] as const) {
        const c = (await registry.gql(GET_CAMPAIGN, { id: 'baseline-2026' }, token)).data.auditCampaign;
        expect(c.outcomes[0].reportDigest).toBe(shown ? DIGEST : null);
      }
      const history = (await registry.gql(GET_CAMPAIGN, { id: 'baseline-2026' })).data.auditCampaign.history;
      expect(history.map((h: { type: string }) => h.type)).toEqual(['AuditCampaignOpened', 'AuditorAssigned', 'AuditOutcomeRecorded']);
      expect(history[2].data.reportDigest).toBeNull();
    });

    it('keeps the detailed tier and report digests out of the public change feed', async () => {
      const page = (await registry.gql(`{ changes(first: 100) { changes { event { type data } } } }`, {}, t.registrar)).data.changes.changes;
      const of = (type: string) =>
        page.filter((c: { event: { type: string } }) => c.event.type === type).map((c: { event: { data: Record<string, unknown> } }) => c.event.data);
      expect(of('PublicSectorSystemRegistered').length).toBeGreaterThanOrEqual(4);
      expect(of('PublicSectorSystemRegistered').every((d: Record<string, unknown>) => d.details === null && typeof d.bureau === 'string')).toBe(true);
      expect(of('AuditOutcomeRecorded')).toEqual([expect.objectContaining({ reportDigest: null, riskRating: 'HIGH' })]);
    });

    it('refuses an outcome from an auditor whose accreditation was suspended since', async () => {
      expect(
        (await registry.gql(`mutation { suspendAccreditation(input: { certifierId: "cb-audit", reason: "investigation" }) { id } }`, {}, t.registrar)).errors,
      ).toBeUndefined();
      await registry.refused(
        () => registry.gql(OUTCOME, { input: { ...outcome, systemId: 'hd-allocation' } }, t.auditor),
        'FORBIDDEN/AUDIT_CAMPAIGN.AUDITOR_NOT_ACCREDITED',
      );
    });
  });

  describe('the baseline as CSV and JSON over plain HTTP', () => {
    const base = () => registry.url.replace(/\/graphql$/, '');

    it('serves RFC 4180 CSV (read back with csv-parse) with the same numbers as the GraphQL query', async () => {
      const asOf = new Date(Date.now() + 48 * 3_600_000).toISOString();
      const res = await fetch(`${base()}/public-sector/baseline.csv?asOf=${encodeURIComponent(asOf)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const text = await res.text();
      expect(text.endsWith('\r\n')).toBe(true);
      const rows: Record<string, string>[] = parse(text, { columns: true, strict: true } as never);
      const gql = (await registry.gql(BASELINE, { asOf })).data.publicSectorBaseline;
      expect(rows.map((r) => [r.scope, r.bureau])).toEqual([...gql.bureaus.map((b: { bureau: string }) => ['BUREAU', b.bureau]), ['OVERALL', '']]);
      const overall = rows[rows.length - 1];
      expect(overall).toMatchObject({
        as_of: asOf,
        registered: String(gql.overall.registered),
        audited: '1',
        overdue: String(gql.overall.overdue),
        not_started: String(gql.overall.notStarted),
        high_stakes: '2',
        high_stakes_share: '0.5000',
        findings_high: '1',
        findings_low: '1',
      });
    });

    it('serves the same baseline as JSON', async () => {
      const asOf = '2026-01-01T00:00:00.000Z';
      const json = await (await fetch(`${base()}/public-sector/baseline.json?asOf=${asOf}`)).json();
      expect(json).toMatchObject({ asOf, overall: { registered: 0 }, bureaus: [], systems: [] });
      const now = (await (await fetch(`${base()}/public-sector/baseline.json`)).json()) as { overall: { registered: number } };
      expect(now.overall.registered).toBe(4);
    });

    it('refuses a malformed asOf with 400 and keeps a formula-like bureau name inert in the CSV', async () => {
      for (const bad of ['yesterday', '2026-13-45', "1' OR '1'='1"])
        expect((await fetch(`${base()}/public-sector/baseline.csv?asOf=${encodeURIComponent(bad)}`)).status).toBe(400);
      expect(
        (await registry.gql(REGISTER, { input: system('xx-formula', '=HYPERLINK("http://evil.example","x")', 'OTHER') }, t.registrar)).errors,
      ).toBeUndefined();
      const rows: string[][] = parse(await (await fetch(`${base()}/public-sector/baseline.csv`)).text(), { from_line: 2 });
      const bureau = rows.map((r) => r[2]).find((b) => b.includes('HYPERLINK'))!;
      expect(bureau.startsWith('=')).toBe(false);
    });

    it('keeps line breaks and tabs in text written in paragraphs', async () => {
      const description = 'What it does:\n\tshortlists applicants;\r\n\tranks them.';
      const r = await registry.gql(REGISTER, { input: system('xx-paragraphs', 'Paragraph Bureau', 'OTHER', { description }) }, t.registrar);
      expect(r.errors).toBeUndefined();
      expect(r.data.registerPublicSectorSystem.description).toBe(description);
    });

    it('refuses an impossible or repeated asOf with 400 and a clear message, as the GraphQL DateTime scalar does', async () => {
      const refusal = async (query: string) => {
        const res = await fetch(`${base()}/public-sector/baseline.csv?${query}`);
        return { status: res.status, message: String(((await res.json()) as { message?: unknown }).message) };
      };
      // The scalar refuses the same dates over GraphQL (INPUT.INVALID_SCALAR).
      for (const date of ['2027-02-30T00:00:00Z', '2026-02-29T00:00:00Z', '2026-12-31T24:00:00Z'])
        expect(errorCodes(await registry.gql(BASELINE, { asOf: date }))).toEqual(['BAD_USER_INPUT/INPUT.INVALID_SCALAR']);
      for (const bad of [
        '2027-02-30',
        '2026-02-29',
        '2027-02-30T00:00:00Z',
        '2026-12-31T24:00:00Z',
        '2026-12-31T23:59:60Z',
        '2026-12-31T00:00:00',
        '0000-01-01',
        '',
      ])
        for (const path of ['baseline.csv', 'baseline.json']) {
          const res = await fetch(`${base()}/public-sector/${path}?asOf=${encodeURIComponent(bad)}`);
          expect([bad, path, res.status]).toEqual([bad, path, 400]);
          expect(((await res.json()) as { message: string }).message).toContain(`asOf ${JSON.stringify(bad)} is refused: it must be`);
        }
      expect(await refusal('asOf=2027-02-30')).toEqual({
        status: 400,
        message: expect.stringMatching(/^asOf "2027-02-30" is refused: it must be an RFC 3339 date-time .*real calendar date/),
      });
      for (const repeated of ['asOf[]=2026-12-31', 'asOf=2026-12-31&asOf=2027-01-01', 'asOf[x]=2026-12-31', 'asof=2026-12-31', 'asOf=2026-12-31&since=1'])
        expect(await refusal(repeated)).toEqual({ status: 400, message: expect.stringMatching(/asOf/) });
      // What stays accepted: an instant with any offset, a bare date (its midnight UTC), lower-case t and z.
      for (const [good, asOf] of [
        ['2027-02-28', '2027-02-28T00:00:00.000Z'],
        ['2024-02-29T12:00:00+08:00', '2024-02-29T04:00:00.000Z'],
        ['2026-12-31t00:00:00.5z', '2026-12-31T00:00:00.500Z'],
      ]) {
        const res = await fetch(`${base()}/public-sector/baseline.json?asOf=${encodeURIComponent(good)}`);
        expect(res.status).toBe(200);
        expect(((await res.json()) as { asOf: string }).asOf).toBe(asOf);
      }
    });

    it('writes a bureau holding a line break (stored before line breaks were refused) as one quoted cell, no formula', async () => {
      // The edge refuses such a bureau now; a store written before keeps it, so the CSV must hold it safely. The
      // event is a copy of a real registration's, appended straight to the log as an old store would hold it.
      const { events } = await registry.store.readStream(publicSectorSystemStreamId('ld-enquiry-bot'));
      let position;
      for (const [systemId, bureau] of [
        ['xx-legacy-lf', 'Lands\n=2+2'],
        ['xx-legacy-cr', '\r=1'],
      ]) {
        const appended = await registry.store.appendToStream(
          publicSectorSystemStreamId(systemId),
          [{ type: events[0].type, data: { ...(events[0].data as object), systemId, bureau } }],
          {
            expectedVersion: 0,
            metadata: {
              actor: { subject: 'registrar-hk', role: 'REGISTRAR' },
              issuedAt: new Date().toISOString(),
              correlationId: randomUUID(),
              causationId: null,
              commandId: randomUUID(),
            } as never,
          },
        );
        position = appended.position;
      }
      await registry.app.get(ProjectionRunner).waitFor(position!);
      const text = await (await fetch(`${base()}/public-sector/baseline.csv`)).text();
      expect(text).toContain(',BUREAU,"Lands\n=2+2",1,');
      expect(text).toContain(',BUREAU,"\'\r=1",1,');
      // Every record starts with the as_of instant: no line of the file is a row of its own made by a bureau.
      expect(
        text
          .split('\r\n')
          .slice(1, -1)
          .every((line) => /^\d{4}-/.test(line)),
      ).toBe(true);
      const rows: string[][] = parse(text, { relax_column_count: false });
      expect(rows.every((r) => r.length === 14)).toBe(true);
      const json = (await (await fetch(`${base()}/public-sector/baseline.json`)).json()) as { bureaus: { bureau: string }[] };
      expect(rows.slice(1, -1).map((r) => r[2])).toEqual(json.bureaus.map((b) => (/^[=+\-@\t\r]/.test(b.bureau) ? `'${b.bureau}` : b.bureau)));
      expect(rows.map((r) => r[2])).toEqual(expect.arrayContaining(['Lands\n=2+2', "'\r=1"]));
      expect(rows.every((r) => !/^[=+\-@\t\r]/.test(r[0]))).toBe(true);
    });
  });
});

describe('the demo catalog’s public-sector baseline', () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
  });
  afterAll(() => registry.stop());

  it('ships three systems of two bureaus and one campaign: one audited, one in progress, one not started', async () => {
    const b = (await registry.gql(BASELINE, {})).data.publicSectorBaseline;
    expect(b.overall).toMatchObject({
      registered: 3,
      audited: 1,
      inProgress: 1,
      overdue: 0,
      notStarted: 1,
      highStakes: 2,
      findingsByRisk: { low: 1, medium: 1, high: 0, critical: 0 },
    });
    expect(b.bureaus.map((x: { bureau: string }) => x.bureau)).toEqual(['Housing Department (demo)', 'Labour Department (demo)']);
    // Past the demo campaign's deadline, the two without an outcome are overdue.
    const later = (await registry.gql(BASELINE, { asOf: new Date(Date.now() + 120 * 86_400_000).toISOString() })).data.publicSectorBaseline;
    expect(later.overall).toMatchObject({ audited: 1, overdue: 2 });
  });

  it('links a system to a model version registered here', async () => {
    const registrar = await registry.token('REGISTRAR', 'registrar-hk');
    const model = { modelId: 'creditscope', version: '2.1' };
    const r = await registry.gql(REGISTER, { input: system('hd-loans', 'Housing Department (demo)', 'LENDING', { model }) }, registrar);
    expect(r.errors).toBeUndefined();
    expect(r.data.registerPublicSectorSystem).toMatchObject({ model, highStakes: true });
    await registry.refused(
      () => registry.gql(REGISTER, { input: system('hd-loans-2', 'Housing Department (demo)', 'LENDING', { model: { ...model, version: '9.9' } }) }, registrar),
      'NOT_FOUND/PUBLIC_SECTOR.MODEL_VERSION_NOT_FOUND',
    );
  });
});
