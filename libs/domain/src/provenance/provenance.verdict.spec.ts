import { buildVerdictFacts, FactEvent, toFactEvent } from '../verdict/verdict.facts';
import { judgeExportReadiness } from '../verdict/export-readiness';

/** HK-AI-06 in the export-readiness verdict: a direct record, like localisation, judged at asOf. */
const DIGEST = 'sha256:' + 'a'.repeat(64);
const OTHER = 'sha256:' + 'b'.repeat(64);
const T = (month: string) => `2026-${month}-01T00:00:00.000Z`;

const log = () => {
  const events: FactEvent[] = [];
  const add = (type: string, data: object) => {
    events.push(toFactEvent({ type, data }, { eventId: `e${events.length + 1}`, position: `100.${events.length + 1}`, type })!);
    return api;
  };
  const api = { events, add };
  return api;
};

const source = (sourceId: string, legalBasis: string | null) => ({ sourceId, name: sourceId, legalBasis, digest: null });
const recorded = (weightsDigest: string, sources: unknown[], recordedAt: string) => ({
  modelId: 'lendwise',
  version: '1.0',
  weightsDigest,
  digestMatchesVersion: weightsDigest === DIGEST,
  sources,
  sourceDetails: [],
  recordedAt,
});

const base = () =>
  log()
    .add('FrameworkVersionPublished', {
      frameworkId: 'HK-AI',
      version: '0.9-draft',
      jurisdiction: 'HK',
      title: 'HK-AI',
      effectiveFrom: T('01'),
      publishedAt: T('01'),
      requirements: [{ id: 'HK-AI-06', title: 'Training-data provenance', appliesWhen: {}, satisfiedBy: { kind: 'PROVENANCE' } }],
    })
    .add('FrameworkVersionPublished', {
      frameworkId: 'EU-AI-ACT',
      version: '2024/1689',
      jurisdiction: 'EU',
      title: 'AI Act',
      effectiveFrom: T('01'),
      publishedAt: T('01'),
      requirements: [{ id: 'ART-53', title: 'Copyright policy', appliesWhen: {} }],
    })
    .add('CertifierAccredited', {
      certifierId: 'cb-001',
      name: 'CB',
      scope: { frameworkVersions: ['0.9-draft'], useCases: ['lending'] },
      validFrom: T('01'),
      validUntil: '2029-01-01T00:00:00.000Z',
      accreditedAt: T('01'),
    })
    .add('ModelRegistered', {
      modelId: 'lendwise',
      firmId: 'acme',
      name: 'LendWise',
      kind: { generative: false, generalPurpose: false },
      registeredAt: T('02'),
    })
    .add('ModelVersionRegistered', { modelId: 'lendwise', version: '1.0', weightsDigest: DIGEST, registeredAt: T('02') });

const hkLine = (l: ReturnType<typeof log>, asOf = T('10')) =>
  judgeExportReadiness(buildVerdictFacts(l.events), { modelId: 'lendwise', version: '1.0', jurisdiction: 'HK', useCase: 'lending', asOf }).lines.find(
    (x) => x.requirement.requirementId === 'HK-AI-06',
  )!;

describe('HK-AI-06 (training-data provenance) in the export-readiness verdict', () => {
  it('is a GAP PROVENANCE_MISSING without a record', () => expect(hkLine(base())).toMatchObject({ status: 'GAP', reason: 'PROVENANCE_MISSING' }));

  it('is SATISFIED by a record for the exact weights with a basis for every source, citing it as evidence', () => {
    const l = base().add('TrainingDataProvenanceRecorded', recorded(DIGEST, [source('web', 'TDM_EXCEPTION'), source('own', 'OWN_DATA')], T('05')));
    const line = hkLine(l);
    expect(line).toMatchObject({ status: 'SATISFIED', reason: 'SATISFIED_BY_PROVENANCE', via: null });
    expect(line.evidence.map((e) => e.type)).toEqual(['FrameworkVersionPublished', 'TrainingDataProvenanceRecorded']);
  });

  it('is a GAP PROVENANCE_DIGEST_MISMATCH when the record names other weights', () =>
    expect(hkLine(base().add('TrainingDataProvenanceRecorded', recorded(OTHER, [source('web', 'LICENCE')], T('05'))))).toMatchObject({
      status: 'GAP',
      reason: 'PROVENANCE_DIGEST_MISMATCH',
    }));

  it('is a GAP PROVENANCE_SOURCE_WITHOUT_BASIS when one source has no basis', () =>
    expect(hkLine(base().add('TrainingDataProvenanceRecorded', recorded(DIGEST, [source('web', 'LICENCE'), source('scrape', null)], T('05'))))).toMatchObject({
      status: 'GAP',
      reason: 'PROVENANCE_SOURCE_WITHOUT_BASIS',
    }));

  it('judges the record in force at asOf: a later record replaces an earlier one only from its own time', () => {
    const l = base()
      .add('TrainingDataProvenanceRecorded', recorded(DIGEST, [source('web', null)], T('05')))
      .add('TrainingDataProvenanceRecorded', recorded(DIGEST, [source('web', 'LICENCE')], T('07')));
    expect(hkLine(l, T('04')).reason).toBe('PROVENANCE_MISSING');
    expect(hkLine(l, T('06')).reason).toBe('PROVENANCE_SOURCE_WITHOUT_BASIS');
    expect(hkLine(l, T('08')).reason).toBe('SATISFIED_BY_PROVENANCE');
  });

  it('leaves the equivalence path alone: a foreign requirement mapped from HK-AI-06 still needs a certification that passed it', () => {
    const l = base()
      .add('TrainingDataProvenanceRecorded', recorded(DIGEST, [source('web', 'LICENCE')], T('05')))
      .add('EquivalenceProposed', {
        equivalenceId: 'eq-53',
        hk: { framework: 'HK-AI', version: '0.9-draft', requirementId: 'HK-AI-06' },
        foreign: { framework: 'EU-AI-ACT', version: '2024/1689', requirementId: 'ART-53' },
        foreignJurisdiction: 'EU',
        strength: 'FULL',
        conditions: [],
        scope: { useCases: ['lending'] },
        effectiveFrom: T('04'),
        effectiveUntil: null,
        illustrative: true,
        proposedAt: T('04'),
      })
      .add('EquivalenceCountersigned', { equivalenceId: 'eq-53', jurisdiction: 'EU', countersignedAt: T('04') });
    const eu = () =>
      judgeExportReadiness(buildVerdictFacts(l.events), { modelId: 'lendwise', version: '1.0', jurisdiction: 'EU', useCase: 'lending', asOf: T('10') })
        .lines[0];
    expect(eu()).toMatchObject({ status: 'GAP', reason: 'CERTIFICATION_MISSING' });
    l.add('CertificationIssued', {
      certificationId: 'cert-1',
      certifierId: 'cb-001',
      modelId: 'lendwise',
      modelVersion: '1.0',
      weightsDigest: DIGEST,
      frameworkVersion: '0.9-draft',
      scope: { useCases: ['lending'], riskTier: 'HIGH' },
      results: [{ requirementId: 'HK-AI-06', result: 'PASS' }],
      auditReportDigest: OTHER,
      validFrom: T('03'),
      validUntil: '2027-03-01T00:00:00.000Z',
      issuedAt: T('03'),
    });
    expect(eu()).toMatchObject({ status: 'SATISFIED', reason: 'FULL_EQUIVALENCE' });
  });
});
