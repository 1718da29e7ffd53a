import { Actor } from '@registry/kernel';
import { deciderSpec } from '@registry/kernel/testing/decider-spec';
import { RegisterPublicSectorSystem } from './public-sector-system.commands';
import { publicSectorSystemDecider } from './public-sector-system.decider';
import { PublicSectorSystemRegistered, publicSectorSystemStreamId } from './public-sector-system.events';
import { registrar, at } from '../testing/parties';

const details = {
  team: 'Employment Services Analytics',
  seniorResponsibleOwner: 'Assistant Commissioner for Labour',
  externalSupplier: null,
  humanReview: 'Every shortlist is reviewed by an officer; applicants may appeal.',
  dataSources: 'Past vacancies and applications, 2019-2025.',
  risksAndMitigations: 'Indirect discrimination by age: monitored monthly.',
  impactAssessments: 'PIA 2025-07',
};
const summary = {
  systemId: 'ld-job-match',
  bureau: 'Labour Department',
  name: 'Job matching',
  description: 'Ranks vacancies for job seekers.',
  decisionArea: 'HIRING' as const,
  phase: 'PRODUCTION' as const,
  inUseSince: '2025-03-01T00:00:00.000Z',
  websiteUrl: 'https://www.labour.gov.hk/job-match',
  publicContact: 'ai-transparency@labour.gov.hk',
  model: null,
};
const register = (over: Partial<RegisterPublicSectorSystem['data']> = {}, actor = registrar): RegisterPublicSectorSystem => ({
  type: 'RegisterPublicSectorSystem',
  data: { ...summary, details, context: { modelVersionExists: null }, ...over },
  actor,
  issuedAt: at,
});
const registered: PublicSectorSystemRegistered = { type: 'PublicSectorSystemRegistered', data: { ...summary, highStakes: true, details, registeredAt: at } };
const spec = deciderSpec(publicSectorSystemDecider);

describe('public-sector system decider (ATRS record)', () => {
  it('names one stream per system', () => expect(publicSectorSystemStreamId('ld-job-match')).toBe('public-sector-system-ld-job-match'));

  it('registers both tiers, the high-stakes flag derived from the decision area', () => {
    spec.given([]).when(register()).then([registered]);
    spec
      .given([])
      .when(register({ decisionArea: 'TRANSPORT' }))
      .then([{ type: 'PublicSectorSystemRegistered', data: { ...summary, decisionArea: 'TRANSPORT', highStakes: false, details, registeredAt: at } }]);
  });

  it('names a model version registered here, and refuses one that is not', () => {
    const model = { modelId: 'lendwise', version: '1.0' };
    spec
      .given([])
      .when(register({ model, context: { modelVersionExists: true } }))
      .then([{ ...registered, data: { ...registered.data, model } }]);
    spec
      .given([])
      .when(register({ model, context: { modelVersionExists: false } }))
      .thenFails('PUBLIC_SECTOR.MODEL_VERSION_NOT_FOUND');
  });

  it.each<Actor>([
    { subject: 'cb-001', role: 'CERTIFIER', scope: 'cb-001' },
    { subject: 'acme', role: 'FIRM', scope: 'acme' },
    { subject: 'cac', role: 'REGULATOR', scope: 'CN' },
  ])('refuses anyone but the registrar (%o)', (actor) => spec.given([]).when(register({}, actor)).thenFails('PUBLIC_SECTOR.REGISTRAR_ONLY'));

  it('refuses a second registration', () => spec.given([registered]).when(register()).thenFails('PUBLIC_SECTOR.SYSTEM_ALREADY_REGISTERED'));

  it.each<[string, Partial<RegisterPublicSectorSystem['data']>]>([
    ['systemId', { systemId: 'LD Job Match' }],
    ['bureau', { bureau: ' ' }],
    ['description', { description: 'x'.repeat(2001) }],
    ['decisionArea', { decisionArea: 'ASTROLOGY' as never }],
    ['phase', { phase: 'LIVE' as never }],
    ['inUseSince (not a date)', { inUseSince: 'last year' }],
    ['inUseSince (future)', { inUseSince: '2027-01-01T00:00:00.000Z' }],
    ['websiteUrl', { websiteUrl: 'javascript:alert(1)' }],
    ['publicContact', { publicContact: 'Labour <a@b.hk>' }],
    ['details.seniorResponsibleOwner', { details: { ...details, seniorResponsibleOwner: '' } }],
    ['details.externalSupplier', { details: { ...details, externalSupplier: ' ' } }],
  ])('refuses an invalid %s', (_f, over) => spec.given([]).when(register(over)).thenFails('PUBLIC_SECTOR.INVALID'));
});
