import { buildVerdictFacts, FactEvent, toFactEvent, VerdictFactsBuilder } from './verdict.facts';
import { equivalenceStandingAt, judgeExportReadiness } from './export-readiness';
import { VerdictQuery } from './verdict.types';
import { resolvedFacts } from './testing/resolved-facts';

/** A log under construction: each event gets an id and a position, as the store would give it. */
class Log {
  readonly events: FactEvent[] = [];
  add(type: string, data: object): this {
    const n = this.events.length + 1;
    this.events.push(toFactEvent({ type, data }, { eventId: `e${n}`, position: `100.${n}`, type })!);
    return this;
  }
  /** Position after the last event so far, for knownAt cuts. */
  get length() {
    return this.events.length;
  }
  facts(knownAt = this.events.length) {
    return buildVerdictFacts(this.events.slice(0, knownAt));
  }
}

const DIGEST = 'sha256:' + 'a'.repeat(64);
const OTHER = 'sha256:' + 'b'.repeat(64);
const T = (month: string) => `2026-${month}-01T00:00:00.000Z`;

/**
 * The shared story: HK-AI 0.9-draft; the EU framework with ART-14 (human oversight) and ART-10 (data
 * governance) for lending and hiring, ART-50 for generative models; a CN framework whose one requirement is
 * met by weights hosted in CN. cb-001 accredited for lending and hiring; firm acme's lendwise 1.0 certified.
 */
const story = () =>
  new Log()
    .add('FrameworkVersionPublished', {
      frameworkId: 'HK-AI',
      version: '0.9-draft',
      jurisdiction: 'HK',
      title: 'HK-AI',
      effectiveFrom: T('01'),
      publishedAt: T('01'),
      requirements: [
        { id: 'HK-AI-08', title: 'Human oversight', appliesWhen: {} },
        { id: 'HK-AI-07', title: 'Personal data', appliesWhen: {} },
        { id: 'HK-AI-02', title: 'Watermarking', appliesWhen: { generative: true } },
      ],
    })
    .add('FrameworkVersionPublished', {
      frameworkId: 'EU-AI-ACT',
      version: '2024/1689',
      jurisdiction: 'EU',
      title: 'AI Act',
      effectiveFrom: T('01'),
      publishedAt: T('01'),
      requirements: [
        { id: 'ART-14', title: 'Human oversight', appliesWhen: { useCases: ['lending', 'hiring'] } },
        { id: 'ART-10', title: 'Data and data governance', appliesWhen: { useCases: ['lending', 'hiring'] } },
        { id: 'ART-50', title: 'Transparency', appliesWhen: { generative: true } },
      ],
    })
    .add('FrameworkVersionPublished', {
      frameworkId: 'CN-GENAI',
      version: '2025',
      jurisdiction: 'CN',
      title: 'CN',
      effectiveFrom: T('01'),
      publishedAt: T('01'),
      requirements: [{ id: 'LOC-1', title: 'Weights hosted in CN', appliesWhen: {}, satisfiedBy: { kind: 'LOCALISATION', jurisdictions: ['CN'] } }],
    })
    .add('CertifierAccredited', {
      certifierId: 'cb-001',
      name: 'CB',
      scope: { frameworkVersions: ['0.9-draft'], useCases: ['lending', 'hiring'] },
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
    .add('ModelVersionRegistered', { modelId: 'lendwise', version: '1.0', weightsDigest: DIGEST, registeredAt: T('02') })
    .add('CertificationIssued', {
      certificationId: 'cert-1',
      certifierId: 'cb-001',
      modelId: 'lendwise',
      modelVersion: '1.0',
      weightsDigest: DIGEST,
      frameworkVersion: '0.9-draft',
      scope: { useCases: ['lending'], riskTier: 'HIGH' },
      results: [
        { requirementId: 'HK-AI-08', result: 'PASS' },
        { requirementId: 'HK-AI-07', result: 'PASS' },
      ],
      auditReportDigest: OTHER,
      validFrom: T('03'),
      validUntil: '2027-03-01T00:00:00.000Z',
      issuedAt: T('03'),
    })
    .add('EquivalenceProposed', proposal('eq-14', 'HK-AI-08', 'ART-14', 'FULL', []))
    .add('EquivalenceCountersigned', { equivalenceId: 'eq-14', jurisdiction: 'EU', countersignedAt: T('04') })
    .add('EquivalenceProposed', proposal('eq-10', 'HK-AI-07', 'ART-10', 'PARTIAL', [{ id: 'C1', text: 'EU-format data governance file' }]))
    .add('EquivalenceCountersigned', { equivalenceId: 'eq-10', jurisdiction: 'EU', countersignedAt: T('04') });

function proposal(
  id: string,
  hk: string,
  foreign: string,
  strength: 'FULL' | 'PARTIAL',
  conditions: { id: string; text: string }[],
  over: Record<string, unknown> = {},
) {
  return {
    equivalenceId: id,
    hk: { framework: 'HK-AI', version: '0.9-draft', requirementId: hk },
    foreign: { framework: 'EU-AI-ACT', version: '2024/1689', requirementId: foreign },
    foreignJurisdiction: 'EU',
    strength,
    conditions,
    scope: { useCases: ['lending', 'hiring'] },
    effectiveFrom: T('04'),
    effectiveUntil: null,
    illustrative: true,
    proposedAt: T('04'),
    ...over,
  };
}

const eu = (asOf = T('06'), useCase = 'lending'): VerdictQuery => ({ modelId: 'lendwise', version: '1.0', jurisdiction: 'EU', useCase, asOf });
const lineOf = (v: ReturnType<typeof judgeExportReadiness>, id: string) => v.lines.find((l) => l.requirement.requirementId === id)!;
const evidence = (log: Log) =>
  log.add('ConditionEvidenceRecorded', {
    equivalenceId: 'eq-10',
    conditionId: 'C1',
    modelId: 'lendwise',
    version: '1.0',
    evidence: 'file',
    recordedBy: 'FIRM',
    recordedAt: T('05'),
  });

describe('export readiness verdict', () => {
  it('is CONDITIONAL when only a PARTIAL equivalence covers a requirement, listing the unmet condition', () => {
    const v = judgeExportReadiness(story().facts(), eu());
    expect(v.status).toBe('CONDITIONAL');
    expect(v.frameworks).toEqual([{ framework: 'EU-AI-ACT', version: '2024/1689' }]);
    expect(v.lines.map((l) => [l.requirement.requirementId, l.status, l.reason])).toEqual([
      ['ART-14', 'SATISFIED', 'FULL_EQUIVALENCE'],
      ['ART-10', 'CONDITIONAL', 'PARTIAL_EQUIVALENCE_CONDITIONS_UNMET'],
    ]);
    expect(lineOf(v, 'ART-10').unmetConditions).toEqual([{ equivalenceId: 'eq-10', conditionId: 'C1', text: 'EU-format data governance file' }]);
  });

  it('is READY once the condition is evidenced, with the evidence behind every line', () => {
    const log = evidence(story());
    const v = judgeExportReadiness(log.facts(), eu());
    expect(v.status).toBe('READY');
    expect(lineOf(v, 'ART-10').reason).toBe('PARTIAL_EQUIVALENCE_EVIDENCED');
    expect(lineOf(v, 'ART-14').via).toEqual({ equivalenceId: 'eq-14', hkRequirementId: 'HK-AI-08', certificationId: 'cert-1' });
    expect(lineOf(v, 'ART-14').evidence.map((e) => e.type)).toEqual([
      'FrameworkVersionPublished',
      'EquivalenceProposed',
      'EquivalenceCountersigned',
      'CertificationIssued',
    ]);
    expect(lineOf(v, 'ART-10').evidence.map((e) => e.type)).toContain('ConditionEvidenceRecorded');
    expect(v.validUntil).toBe('2027-03-01T00:00:00.000Z');
  });

  it('turns NOT_READY when the certification is suspended, but is READY asOf before the suspension', () => {
    const log = evidence(story()).add('CertificationSuspended', { certificationId: 'cert-1', reason: 'audit', suspendedAt: T('07') });
    const after = judgeExportReadiness(log.facts(), eu(T('08')));
    expect(after.status).toBe('NOT_READY');
    expect(lineOf(after, 'ART-14')).toMatchObject({ status: 'GAP', reason: 'CERTIFICATION_SUSPENDED' });
    expect(judgeExportReadiness(log.facts(), eu(T('06'))).status).toBe('READY');
    const reinstated = log.add('CertificationReinstated', { certificationId: 'cert-1', reinstatedAt: T('09') });
    expect(judgeExportReadiness(reinstated.facts(), eu(T('10'))).status).toBe('READY');
  });

  it('recognises nothing on a proposal that is not countersigned: knownAt before the countersignature', () => {
    const log = evidence(story());
    const beforeCountersign = log.events.findIndex((e) => e.type === 'EquivalenceCountersigned');
    const v = judgeExportReadiness(log.facts(beforeCountersign), eu());
    expect(lineOf(v, 'ART-14')).toMatchObject({ status: 'GAP', reason: 'EQUIVALENCE_NOT_COUNTERSIGNED' });
    expect(v.status).toBe('NOT_READY');
  });

  it('judges validity at asOf: before the countersignature took effect the equivalence was not in force', () => {
    expect(lineOf(judgeExportReadiness(story().facts(), eu(T('03'))), 'ART-14').reason).toBe('EQUIVALENCE_NOT_COUNTERSIGNED');
  });

  it('drops recognition when the regulator withdraws, from the withdrawal on', () => {
    const log = evidence(story()).add('EquivalenceWithdrawn', { equivalenceId: 'eq-14', withdrawnBy: 'REGULATOR', reason: 'review', withdrawnAt: T('07') });
    expect(lineOf(judgeExportReadiness(log.facts(), eu(T('08'))), 'ART-14')).toMatchObject({ status: 'GAP', reason: 'EQUIVALENCE_WITHDRAWN' });
    expect(judgeExportReadiness(log.facts(), eu(T('06'))).status).toBe('READY');
  });

  it('reports a rejected proposal', () => {
    const rejected = story()
      .add('EquivalenceProposed', proposal('eq-50', 'HK-AI-02', 'ART-50', 'FULL', []))
      .add('EquivalenceRejected', { equivalenceId: 'eq-50', jurisdiction: 'EU', reason: 'no', rejectedAt: T('04') });
    const gen = rejected
      .add('ModelRegistered', { modelId: 'genie', firmId: 'acme', name: 'Genie', kind: { generative: true, generalPurpose: false }, registeredAt: T('02') })
      .add('ModelVersionRegistered', { modelId: 'genie', version: '1', weightsDigest: OTHER, registeredAt: T('02') });
    const v = judgeExportReadiness(gen.facts(), { modelId: 'genie', version: '1', jurisdiction: 'EU', useCase: 'chatbot', asOf: T('06') });
    expect(v.lines.map((l) => [l.requirement.requirementId, l.reason])).toEqual([['ART-50', 'EQUIVALENCE_REJECTED']]);
  });

  it('stops recognising at effectiveUntil, and says the equivalence is no longer effective', () => {
    const log = new Log();
    for (const e of evidence(story()).events)
      log.add(e.type, e.type === 'EquivalenceProposed' && e.data.equivalenceId === 'eq-14' ? { ...e.data, effectiveUntil: T('07') } : e.data);
    const during = judgeExportReadiness(log.facts(), eu(T('06')));
    expect(during.status).toBe('READY');
    expect(during.validUntil).toBe(T('07'));
    expect(lineOf(judgeExportReadiness(log.facts(), eu(T('08'))), 'ART-14')).toMatchObject({
      status: 'GAP',
      reason: 'EQUIVALENCE_NOT_EFFECTIVE',
      via: { equivalenceId: 'eq-14' },
    });
  });

  it('never recognises transitively: an HK↔SG equivalence does nothing for the EU', () => {
    const log = new Log();
    for (const e of story().events.filter((e) => e.type !== 'EquivalenceProposed' && e.type !== 'EquivalenceCountersigned')) log.add(e.type, e.data);
    log
      .add('FrameworkVersionPublished', {
        frameworkId: 'SG-MGF-GENAI',
        version: '2024',
        jurisdiction: 'SG',
        title: 'SG',
        effectiveFrom: T('01'),
        publishedAt: T('01'),
        requirements: [{ id: 'ACC', title: 'Accountability', appliesWhen: {} }],
      })
      .add('EquivalenceProposed', {
        ...proposal('eq-sg', 'HK-AI-08', 'ACC', 'FULL', []),
        foreign: { framework: 'SG-MGF-GENAI', version: '2024', requirementId: 'ACC' },
        foreignJurisdiction: 'SG',
      })
      .add('EquivalenceCountersigned', { equivalenceId: 'eq-sg', jurisdiction: 'SG', countersignedAt: T('04') });
    expect(judgeExportReadiness(log.facts(), { ...eu(), jurisdiction: 'SG' }).status).toBe('READY');
    const v = judgeExportReadiness(log.facts(), eu());
    expect(v.status).toBe('NOT_READY');
    expect(v.lines.map((l) => l.reason)).toEqual(['NO_EQUIVALENCE', 'NO_EQUIVALENCE']);
  });

  it.each([
    ['another use case outside the certification scope', eu(T('06'), 'hiring'), 'CERTIFICATION_OUT_OF_SCOPE'],
    ['after validUntil', eu('2027-04-01T00:00:00.000Z'), 'CERTIFICATION_EXPIRED'],
  ])('reports a certification %s', (_, query, reason) => {
    expect(lineOf(judgeExportReadiness(evidence(story()).facts(), query), 'ART-14')).toMatchObject({ status: 'GAP', reason });
  });

  it('extends validity with a renewal, from the renewal on', () => {
    const log = evidence(story()).add('CertificationRenewed', { certificationId: 'cert-1', validUntil: '2028-03-01T00:00:00.000Z', renewedAt: T('09') });
    const v = judgeExportReadiness(log.facts(), eu('2027-04-01T00:00:00.000Z'));
    expect(v.status).toBe('READY');
    expect(v.validUntil).toBe('2028-03-01T00:00:00.000Z');
  });

  it('makes revocation final and reports a requirement the certification did not pass', () => {
    const revoked = evidence(story()).add('CertificationRevoked', { certificationId: 'cert-1', reason: 'fraud', revokedAt: T('07') });
    expect(lineOf(judgeExportReadiness(revoked.facts(), eu(T('08'))), 'ART-14').reason).toBe('CERTIFICATION_REVOKED');
    const narrowed = evidence(story()).add('CertificationScopeAmended', {
      certificationId: 'cert-1',
      scope: { useCases: ['lending'], riskTier: 'HIGH' },
      results: [{ requirementId: 'HK-AI-07', result: 'PASS' }],
      amendedAt: T('07'),
    });
    expect(lineOf(judgeExportReadiness(narrowed.facts(), eu(T('08'))), 'ART-14').reason).toBe('HK_REQUIREMENT_NOT_PASSED');
  });

  it('is NOT_READY whatever else holds when the certification names other weights', () => {
    const log = new Log();
    for (const e of evidence(story()).events) log.add(e.type, e.type === 'CertificationIssued' ? { ...e.data, weightsDigest: OTHER } : e.data);
    const v = judgeExportReadiness(log.facts(), eu());
    expect(v.status).toBe('NOT_READY');
    expect(v.integrity.map((f) => [f.code, f.subject])).toEqual([['CERTIFICATION_DIGEST_MISMATCH', 'cert-1']]);
    expect(lineOf(v, 'ART-14').reason).toBe('CERTIFICATION_INTEGRITY_FAILURE');
  });

  it('is NOT_READY when the accreditation did not cover the certification at its issue time', () => {
    const log = new Log();
    for (const e of evidence(story()).events)
      log.add(e.type, e.type === 'CertifierAccredited' ? { ...e.data, scope: { frameworkVersions: ['0.9-draft'], useCases: ['hiring'] } } : e.data);
    const v = judgeExportReadiness(log.facts(), eu());
    expect(v.status).toBe('NOT_READY');
    expect(v.integrity.map((f) => f.code)).toEqual(['ACCREDITATION_DID_NOT_COVER_ISSUE']);
  });

  it('is not harmed by a later suspension of the certifier (the rule is judged at issue time)', () => {
    const log = evidence(story()).add('AccreditationSuspended', { certifierId: 'cb-001', reason: 'x', suspendedAt: T('07') });
    expect(judgeExportReadiness(log.facts(), eu(T('08'))).status).toBe('READY');
  });

  describe('target HK: the HK-AI Standard itself, met by the certification without an equivalence', () => {
    const hk = (asOf = T('06'), useCase = 'lending'): VerdictQuery => ({ modelId: 'lendwise', version: '1.0', jurisdiction: 'HK', useCase, asOf });

    it('is READY when the valid certification passed every applicable HK-AI requirement, citing the certification', () => {
      const v = judgeExportReadiness(story().facts(), hk());
      expect(v.status).toBe('READY');
      expect(v.frameworks).toEqual([{ framework: 'HK-AI', version: '0.9-draft' }]);
      expect(v.lines.map((l) => [l.requirement.requirementId, l.status, l.reason, l.via])).toEqual([
        ['HK-AI-08', 'SATISFIED', 'SATISFIED_BY_CERTIFICATION', null],
        ['HK-AI-07', 'SATISFIED', 'SATISFIED_BY_CERTIFICATION', null],
      ]);
      expect(lineOf(v, 'HK-AI-08').evidence.map((e) => e.type)).toEqual(['FrameworkVersionPublished', 'CertificationIssued']);
      expect(v.validUntil).toBe('2027-03-01T00:00:00.000Z');
    });

    it('explains a gap with the certification reason: suspended, out of scope, not passed, missing', () => {
      const suspended = story()
        .add('CertificationSuspended', { certificationId: 'cert-1', reason: 'audit', suspendedAt: T('07') })
        .facts();
      expect(lineOf(judgeExportReadiness(suspended, hk(T('08'))), 'HK-AI-08')).toMatchObject({ status: 'GAP', reason: 'CERTIFICATION_SUSPENDED', via: null });
      expect(judgeExportReadiness(suspended, hk(T('06'))).status).toBe('READY');
      const hiring = judgeExportReadiness(story().facts(), hk(T('06'), 'hiring'));
      expect(hiring.status).toBe('NOT_READY');
      expect(lineOf(hiring, 'HK-AI-08')).toMatchObject({ status: 'GAP', reason: 'CERTIFICATION_OUT_OF_SCOPE' });
      const beforeIssue = judgeExportReadiness(story().facts(), hk(T('02')));
      expect(lineOf(beforeIssue, 'HK-AI-07')).toMatchObject({ status: 'GAP', reason: 'CERTIFICATION_MISSING', evidence: [expect.anything()] });
    });

    it('does not count a requirement the certification did not pass, and still needs no equivalence', () => {
      const log = story();
      const issued = log.events.find((e) => e.type === 'CertificationIssued')!;
      const onlyOne = { ...issued, data: { ...issued.data, results: [{ requirementId: 'HK-AI-08', result: 'PASS' }] } } as FactEvent;
      const facts = buildVerdictFacts(log.events.map((e) => (e === issued ? onlyOne : e)));
      const v = judgeExportReadiness(facts, hk());
      expect(lineOf(v, 'HK-AI-08')).toMatchObject({ status: 'SATISFIED', reason: 'SATISFIED_BY_CERTIFICATION' });
      expect(lineOf(v, 'HK-AI-07')).toMatchObject({ status: 'GAP', reason: 'HK_REQUIREMENT_NOT_PASSED' });
    });

    it('leaves other jurisdictions on the equivalence path (the HK rule is not a transitive shortcut)', () => {
      expect(lineOf(judgeExportReadiness(story().facts(), eu()), 'ART-14')).toMatchObject({ reason: 'FULL_EQUIVALENCE' });
    });
  });

  describe('records that satisfy requirements directly (CN: weights hosted in CN)', () => {
    const cn = (asOf = T('06')): VerdictQuery => ({ ...eu(asOf), jurisdiction: 'CN' });
    const recorded = (jurisdiction: string, digest = DIGEST) =>
      story().add('WeightsLocalisationRecorded', {
        modelId: 'lendwise',
        version: '1.0',
        weightsDigest: digest,
        hostingJurisdiction: jurisdiction,
        facility: 'f',
        custodian: 'c',
        attestedBy: 'a',
        digestMatchesVersion: digest === DIGEST,
        recordedAt: T('05'),
      });

    it('has a GAP without a localisation record', () =>
      expect(lineOf(judgeExportReadiness(story().facts(), cn()), 'LOC-1').reason).toBe('LOCALISATION_MISSING'));
    it('has a GAP when the weights are elsewhere, SATISFIED once relocated to CN', () => {
      const log = recorded('HK');
      expect(lineOf(judgeExportReadiness(log.facts(), cn()), 'LOC-1').reason).toBe('LOCALISATION_ELSEWHERE');
      log.add('WeightsRelocated', {
        modelId: 'lendwise',
        version: '1.0',
        hostingJurisdiction: 'CN',
        facility: 'g',
        custodian: 'c',
        attestedBy: 'a',
        relocatedAt: T('07'),
      });
      const v = judgeExportReadiness(log.facts(), cn(T('08')));
      expect(v.status).toBe('READY');
      expect(lineOf(v, 'LOC-1').reason).toBe('SATISFIED_BY_LOCALISATION');
      expect(lineOf(judgeExportReadiness(log.facts(), cn(T('06'))), 'LOC-1').reason).toBe('LOCALISATION_ELSEWHERE');
    });
    it('is NOT_READY when the localisation record names other weights', () => {
      const v = judgeExportReadiness(recorded('CN', OTHER).facts(), cn());
      expect(v.status).toBe('NOT_READY');
      expect(v.integrity.map((f) => f.code)).toEqual(['LOCALISATION_DIGEST_MISMATCH']);
    });
    it('has a GAP again after the record is withdrawn', () => {
      const log = recorded('CN').add('LocalisationWithdrawn', { modelId: 'lendwise', version: '1.0', reason: 'moved', withdrawnAt: T('07') });
      expect(lineOf(judgeExportReadiness(log.facts(), cn(T('08'))), 'LOC-1').reason).toBe('LOCALISATION_MISSING');
    });
  });

  it('answers MODEL_VERSION_NOT_FOUND and NO_FRAMEWORK_IN_FORCE as blockers, never READY', () => {
    expect(judgeExportReadiness(story().facts(), { ...eu(), version: '9.9' })).toMatchObject({ status: 'NOT_READY', blocker: 'MODEL_VERSION_NOT_FOUND' });
    expect(judgeExportReadiness(story().facts(), { ...eu(), jurisdiction: 'BR' })).toMatchObject({ status: 'NOT_READY', blocker: 'NO_FRAMEWORK_IN_FORCE' });
    expect(judgeExportReadiness(story().facts(), eu('2025-06-01T00:00:00.000Z'))).toMatchObject({ blocker: 'NO_FRAMEWORK_IN_FORCE' });
  });

  it('applies the framework version in force at asOf, and is valid only until the next one takes effect', () => {
    const log = evidence(story()).add('FrameworkVersionPublished', {
      frameworkId: 'EU-AI-ACT',
      version: '2024/1689-HR',
      jurisdiction: 'EU',
      title: 'AI Act, high-risk',
      effectiveFrom: '2026-12-02T00:00:00.000Z',
      publishedAt: T('07'),
      requirements: [
        { id: 'ART-14', title: 'Human oversight', appliesWhen: { useCases: ['lending'] } },
        { id: 'ART-9', title: 'Risk management', appliesWhen: { useCases: ['lending'] } },
      ],
    });
    const now = judgeExportReadiness(log.facts(), eu(T('08')));
    expect(now.status).toBe('READY');
    expect(now.validUntil).toBe('2026-12-02T00:00:00.000Z');
    const later = judgeExportReadiness(log.facts(), eu('2026-12-15T00:00:00.000Z'));
    expect(later.frameworks).toEqual([{ framework: 'EU-AI-ACT', version: '2024/1689-HR' }]);
    // The equivalence names the earlier version's ART-14: recognition does not carry over silently.
    expect(later.lines.map((l) => [l.requirement.requirementId, l.reason])).toEqual([
      ['ART-14', 'NO_EQUIVALENCE'],
      ['ART-9', 'NO_EQUIVALENCE'],
    ]);
  });
});

describe('a verdict at a log position never changes (property, seeded)', () => {
  /** Small deterministic PRNG (mulberry32), so a failure reproduces. */
  const prng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const extras: ((r: () => number, i: number) => [string, Record<string, unknown>])[] = [
    () => ['CertificationSuspended', { certificationId: 'cert-1', reason: 'x', suspendedAt: T('06') }],
    () => ['CertificationReinstated', { certificationId: 'cert-1', reinstatedAt: T('07') }],
    () => ['EquivalenceWithdrawn', { equivalenceId: 'eq-14', withdrawnBy: 'REGISTRAR', reason: 'x', withdrawnAt: T('05') }],
    () => [
      'ConditionEvidenceRecorded',
      { equivalenceId: 'eq-10', conditionId: 'C1', modelId: 'lendwise', version: '1.0', evidence: 'f', recordedBy: 'FIRM', recordedAt: T('05') },
    ],
    (r) => ['CertificationRenewed', { certificationId: 'cert-1', validUntil: `2028-0${1 + Math.floor(r() * 8)}-01T00:00:00.000Z`, renewedAt: T('08') }],
    () => ['CertificationRevoked', { certificationId: 'cert-1', reason: 'x', revokedAt: T('09') }],
    () => [
      'WeightsLocalisationRecorded',
      {
        modelId: 'lendwise',
        version: '1.0',
        weightsDigest: DIGEST,
        hostingJurisdiction: 'CN',
        facility: 'f',
        custodian: 'c',
        attestedBy: 'a',
        digestMatchesVersion: true,
        recordedAt: T('05'),
      },
    ],
    (_, i) => [
      'ModelVersionRegistered',
      { modelId: 'lendwise', version: `2.${i}`, weightsDigest: 'sha256:' + String(i).repeat(64).slice(0, 64), registeredAt: T('05') },
    ],
    () => ['ModelVersionDeprecated', { modelId: 'lendwise', version: '1.0', reason: 'x', deprecatedAt: T('06') }],
    (_, i) => [
      'FrameworkVersionPublished',
      {
        frameworkId: 'EU-AI-ACT',
        version: `v${i}`,
        jurisdiction: 'EU',
        title: 'AI Act',
        effectiveFrom: T('07'),
        publishedAt: T('05'),
        requirements: [{ id: 'ART-14', title: 'Human oversight', appliesWhen: {} }],
      },
    ],
  ];

  it('for 300 random histories and cuts, events appended after knownAt never change the verdict at knownAt', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = prng(seed);
      const log = story();
      const n = 1 + Math.floor(r() * 10);
      for (let i = 0; i < n; i++) {
        const [type, data] = extras[Math.floor(r() * extras.length)](r, i);
        log.add(type, data);
      }
      const knownAt = Math.floor(r() * (log.length + 1));
      const query = { ...eu(`2026-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-15T00:00:00.000Z`), jurisdiction: r() < 0.5 ? 'EU' : 'CN' };
      const then = JSON.stringify(judgeExportReadiness(log.facts(knownAt), query));
      for (let i = 0; i < 3; i++) log.add(...extras[Math.floor(r() * extras.length)](r, i));
      expect(JSON.stringify(judgeExportReadiness(log.facts(knownAt), query))).toBe(then);
      // And the verdict is a function of the facts: rebuilt from the same events, the same answer.
      expect(JSON.stringify(judgeExportReadiness(buildVerdictFacts(log.events.slice(0, knownAt)), query))).toBe(then);
    }
  });

  it('for 300 random histories, a fork of the builder is a snapshot: neither the original nor the fork disturbs the other', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = prng(seed);
      const log = story();
      for (let i = 0, n = 2 + Math.floor(r() * 10); i < n; i++) log.add(...extras[Math.floor(r() * extras.length)](r, i));
      const at = Math.floor(r() * (log.length + 1));
      const original = new VerdictFactsBuilder();
      log.events.slice(0, at).forEach((e) => original.apply(e));
      const fork = original.fork();
      log.events.slice(at).forEach((e) => original.apply(e));
      expect(resolvedFacts(fork.facts)).toEqual(resolvedFacts(buildVerdictFacts(log.events.slice(0, at))));
      log.events.slice(at).forEach((e) => fork.apply(e));
      expect(resolvedFacts(fork.facts)).toEqual(resolvedFacts(original.facts));
      expect(resolvedFacts(original.facts)).toEqual(resolvedFacts(buildVerdictFacts(log.events)));
    }
  });
});

describe('equivalenceStandingAt (the one "in force" rule verdicts and recognitions share)', () => {
  const facts = (extra: (log: Log) => Log = (l) => l) => extra(story()).facts().equivalences.get('eq-14')!;
  it.each([
    ['before the countersignature', facts(), T('03'), 'EQUIVALENCE_NOT_COUNTERSIGNED'],
    ['countersigned and effective', facts(), T('06'), 'IN_FORCE'],
    [
      'withdrawn by then',
      facts((l) => l.add('EquivalenceWithdrawn', { equivalenceId: 'eq-14', withdrawnBy: 'REGISTRAR', reason: 'x', withdrawnAt: T('07') })),
      T('08'),
      'EQUIVALENCE_WITHDRAWN',
    ],
    [
      'withdrawn only later',
      facts((l) => l.add('EquivalenceWithdrawn', { equivalenceId: 'eq-14', withdrawnBy: 'REGISTRAR', reason: 'x', withdrawnAt: T('07') })),
      T('06'),
      'IN_FORCE',
    ],
  ] as const)('%s: %s at %s', (_, equivalence, asOf, standing) => expect(equivalenceStandingAt(equivalence, asOf)).toBe(standing));
});
