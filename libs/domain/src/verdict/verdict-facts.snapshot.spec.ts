import { buildVerdictFacts, FactEvent, FactsChunk, toFactEvent, VerdictFacts, VerdictFactsBuilder, VersionMap } from './verdict.facts';
import { factScope, versionStreams } from './verdict-streams';
import { judgeExportReadiness } from './export-readiness';
import { CATALOG_EQUIVALENCES, CATALOG_FRAMEWORKS } from '../catalog';
import { resolvedFacts } from './testing/resolved-facts';

/** Pure: the verdict facts serialised into JSON chunks and read back (what a persisted snapshot holds). */
const T = (d: string) => `2026-${d}T00:00:00.000Z`;
const D = (c: string) => `sha256:${c.repeat(64)}`;

const events = (): FactEvent[] => {
  const out: FactEvent[] = [];
  const add = (type: string, data: object) => out.push(toFactEvent({ type, data }, { eventId: `e${out.length + 1}`, position: `7.${out.length + 1}`, type })!);
  for (const f of CATALOG_FRAMEWORKS) add('FrameworkVersionPublished', { ...f, publishedAt: T('01-01') });
  for (const { proposal } of CATALOG_EQUIVALENCES.slice(0, 4)) add('EquivalenceProposed', { ...proposal, proposedAt: T('01-01') });
  const eq = CATALOG_EQUIVALENCES[0].proposal;
  add('EquivalenceCountersigned', { equivalenceId: eq.equivalenceId, jurisdiction: eq.foreignJurisdiction, countersignedAt: T('02-01') });
  add('EquivalenceWithdrawn', {
    equivalenceId: CATALOG_EQUIVALENCES[1].proposal.equivalenceId,
    withdrawnBy: 'REGULATOR',
    reason: 'x',
    withdrawnAt: T('09-01'),
  });
  const scope = { frameworkVersions: ['0.9-draft'], useCases: ['chatbot', 'lending'] };
  add('CertifierAccredited', { certifierId: 'cb', name: 'CB', scope, validFrom: T('01-01'), validUntil: '2030-01-01T00:00:00.000Z', accreditedAt: T('01-01') });
  add('AccreditationSuspended', { certifierId: 'cb', reason: 'audit', suspendedAt: T('05-01') });
  add('AccreditationReinstated', { certifierId: 'cb', reinstatedAt: T('05-10') });
  add('TestSuitePublished', {
    suiteId: 'lending',
    version: '1',
    digest: D('1'),
    useCases: ['lending'],
    parameters: {},
    effectiveFrom: T('02-01'),
    publishedAt: T('02-01'),
  });
  for (const m of ['m1', 'm2']) {
    add('ModelRegistered', { modelId: m, firmId: 'f', name: m, kind: { generative: m === 'm1', generalPurpose: false }, registeredAt: T('02-01') });
    add('ModelVersionRegistered', { modelId: m, version: '1', weightsDigest: D('a'), registeredAt: T('02-01') });
    add('ModelVersionRegistered', { modelId: m, version: '2', weightsDigest: D('b'), registeredAt: T('03-01') });
    const c = { certifierId: 'cb', modelId: m, modelVersion: '1', weightsDigest: D('a'), frameworkVersion: '0.9-draft', auditReportDigest: D('c') };
    const results = CATALOG_FRAMEWORKS.find((f) => f.frameworkId === 'HK-AI')!.requirements.map((r) => ({ requirementId: r.id, result: 'PASS' }));
    const dates = { validFrom: T('02-01'), validUntil: '2028-01-01T00:00:00.000Z', issuedAt: T('02-01') };
    add('CertificationIssued', { ...c, certificationId: `c-${m}`, scope: { useCases: ['chatbot', 'lending'], riskTier: 'HIGH' }, results, ...dates });
    add('CertificationSuspended', { certificationId: `c-${m}`, reason: 'r', suspendedAt: T('04-01') });
    add('CertificationReinstated', { certificationId: `c-${m}`, reinstatedAt: T('04-05') });
    add('CertificationRenewed', { certificationId: `c-${m}`, validUntil: '2029-01-01T00:00:00.000Z', renewedAt: T('06-01') });
    add('CertificationScopeAmended', { certificationId: `c-${m}`, scope: { useCases: ['lending'], riskTier: 'HIGH' }, results, amendedAt: T('07-01') });
    const loc = { modelId: m, version: '1', facility: 'f', custodian: 'c', attestedBy: 'a' };
    add('WeightsLocalisationRecorded', { ...loc, hostingJurisdiction: 'CN', weightsDigest: D('a'), digestMatches: true, recordedAt: T('03-01') });
    add('WeightsRelocated', { ...loc, hostingJurisdiction: 'HK', relocatedAt: T('05-01') });
    add('DataTransferBasisRecorded', {
      basisId: `tb-${m}`,
      modelId: m,
      originJurisdiction: 'CN',
      destinationJurisdiction: 'HK',
      mechanism: 'GBA_STANDARD_CONTRACT',
      filingReference: 'x',
      filingDate: T('01-01'),
      dataScope: 's',
      recordedAt: T('03-01'),
    });
    add('TrainingDataProvenanceRecorded', {
      modelId: m,
      version: '1',
      weightsDigest: D('a'),
      sources: [
        { sourceId: 's1', legalBasis: null },
        { sourceId: 's2', legalBasis: 'consent' },
      ],
      recordedAt: T('03-02'),
    });
    const ev = { equivalenceId: eq.equivalenceId, conditionId: 'c1', modelId: m, version: '1' };
    add('ConditionEvidenceRecorded', { ...ev, evidence: 'x', recordedBy: 'FIRM', recordedAt: T('03-03') });
    const run = {
      runId: `r-${m}`,
      firmId: 'f',
      modelId: m,
      modelVersion: '1',
      weightsDigest: D('a'),
      suiteId: 'lending',
      suiteVersion: '1',
      suiteDigest: D('1'),
    };
    add('SandboxRunRequested', { ...run, mode: 'UPLOAD', endpoint: null, rows: 10, requestedAt: T('03-04') });
    add('SandboxRunCompleted', { ...run, passed: true, metrics: [], completedAt: T('03-05') });
  }
  add('ModelVersionDeprecated', { modelId: 'm1', version: '2', reason: 'old', deprecatedAt: T('08-01') });
  add('CertificationRevoked', { certificationId: 'c-m2', reason: 'r', revokedAt: T('08-02') });
  add('LocalisationWithdrawn', { modelId: 'm2', version: '1', reason: 'r', withdrawnAt: T('08-03') });
  add('DataTransferBasisWithdrawn', { basisId: 'tb-m2', modelId: 'm2', reason: 'r', withdrawnAt: T('08-04') });
  add('ConditionEvidenceWithdrawn', { equivalenceId: eq.equivalenceId, conditionId: 'c1', modelId: 'm2', version: '1', reason: 'r', withdrawnAt: T('08-05') });
  return out;
};

/** Through JSON, as stored. */
const roundTrip = (builder: VerdictFactsBuilder, size: number): VerdictFactsBuilder => {
  const restored = new VerdictFactsBuilder();
  for (const chunk of builder.chunks(size)) restored.restore(JSON.parse(JSON.stringify(chunk)) as FactsChunk);
  return restored;
};

const keysOf = (facts: VerdictFacts) =>
  Object.entries(facts)
    .filter(([, m]) => m instanceof Map)
    .map(([k, m]) => [k, [...(m as Map<string, unknown>).keys()]]);

describe('verdict facts serialisation (snapshot chunks)', () => {
  it('reads back every fact exactly, maps in the same order, whatever the chunk size', () => {
    const all = events();
    const original = new VerdictFactsBuilder();
    for (const e of all) original.apply(e);
    for (const facts of Object.values(original.facts)) if (facts instanceof Map) expect(facts.size).toBeGreaterThan(0);
    expect(original.facts.certificationsByVersion.get('m1/1')?.length).toBeGreaterThan(0);
    for (const size of [1, 3, 1000]) {
      const restored = roundTrip(original, size);
      expect(resolvedFacts(restored.facts)).toEqual(resolvedFacts(original.facts));
      expect(restored.facts.evidence.size).toBe(original.facts.evidence.size);
      expect(keysOf(restored.facts)).toEqual(keysOf(original.facts));
      expect(restored.facts.models.get('m1')!.versions).toBeInstanceOf(VersionMap);
    }
  });

  it('restored facts judge alike and keep folding alike (a restart from a snapshot, then the tail)', () => {
    const all = events();
    const cut = Math.floor(all.length / 2);
    const restored = roundTrip(buildFrom(all.slice(0, cut)), 4);
    for (const e of all.slice(cut)) restored.apply(e);
    const full = buildVerdictFacts(all);
    expect(resolvedFacts(restored.facts)).toEqual(resolvedFacts(full));
    for (const modelId of ['m1', 'm2'])
      for (const jurisdiction of ['EU', 'CN', 'SG', 'HK']) {
        const query = { modelId, version: '1', jurisdiction, useCase: 'lending', asOf: T('10-01') };
        expect(judgeExportReadiness(restored.facts, query)).toEqual(judgeExportReadiness(full, query));
      }
  });

  it('refuses a chunk that is not one (a corrupt snapshot falls back to folding)', () => {
    const b = new VerdictFactsBuilder();
    expect(() => b.restore({ part: 'nope' as 'models', entries: [] })).toThrow('VERDICT_FACTS.BAD_CHUNK');
    expect(() => b.restore({ part: 'models', entries: [['m', { modelId: 'm' }]] })).toThrow('VERDICT_FACTS.BAD_MODEL');
    expect(() => b.restore({ part: 'certifications', entries: [['c'] as unknown as [string, unknown]] })).toThrow('VERDICT_FACTS.BAD_ENTRY');
  });
});

describe('fact scopes (which facts a knownAt verdict folds from which streams)', () => {
  it('puts every event in one scope: registry-wide, one model or version, or none', () => {
    const builder = new VerdictFactsBuilder();
    const scopes = new Map<string, string>();
    for (const e of events()) {
      const s = factScope(e, builder.facts);
      scopes.set(e.type, s.kind === 'MODEL' ? `${s.version === null ? 'model' : 'version'}:${s.stream === null ? 'indexed' : 'named'}` : s.kind);
      builder.apply(e);
    }
    expect(Object.fromEntries(scopes)).toMatchObject({
      FrameworkVersionPublished: 'GLOBAL',
      EquivalenceProposed: 'GLOBAL',
      CertifierAccredited: 'GLOBAL',
      TestSuitePublished: 'GLOBAL',
      ModelRegistered: 'model:named',
      ModelVersionRegistered: 'version:named',
      CertificationIssued: 'version:named',
      CertificationRevoked: 'version:named',
      WeightsRelocated: 'version:named',
      TrainingDataProvenanceRecorded: 'version:named',
      SandboxRunCompleted: 'version:named',
      DataTransferBasisRecorded: 'model:indexed',
      DataTransferBasisWithdrawn: 'model:indexed',
      ConditionEvidenceRecorded: 'version:indexed',
    });
  });

  it('names the streams of a version from the facts: model, certifications, localisation, provenance, runs', () => {
    const facts = buildVerdictFacts(events());
    expect(versionStreams(facts, 'm1', '1')).toEqual(['model-m1', 'certification-c-m1', 'localisation-m1/1', 'provenance-m1/1', 'sandbox-run-r-m1']);
  });
});

function buildFrom(list: FactEvent[]): VerdictFactsBuilder {
  const b = new VerdictFactsBuilder();
  for (const e of list) b.apply(e);
  return b;
}
