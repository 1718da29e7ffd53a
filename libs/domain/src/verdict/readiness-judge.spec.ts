import { isDeepStrictEqual } from 'node:util';
import { judgeExportReadiness, resolveVerdict } from './export-readiness';
import { judgeAllUseCases, ReadinessJudge } from './readiness-judge';
import { buildVerdictFacts, FactEvent, toFactEvent, VerdictFacts } from './verdict.facts';
import { ReadinessReason, ReadinessStatus } from './verdict.types';

/** A small seeded generator (mulberry32): the same seed, the same facts, so a failing case can be replayed. */
const random = (seed: number) => {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const chance = (p: number) => next() < p;
  const some = <T>(xs: readonly T[], p = 0.5): T[] => xs.filter(() => chance(p));
  return { int, pick, chance, some };
};

const MONTHS = Array.from({ length: 36 }, (_, i) => new Date(Date.UTC(2025, i, 1)).toISOString());
const USE_CASES = ['lending', 'hiring', 'chatbot', 'content-generation'];
const JURISDICTIONS = ['EU', 'CN', 'SG', 'US'];
const HK_REQUIREMENTS = ['HK-AI-01', 'HK-AI-02', 'HK-AI-03', 'HK-AI-04', 'HK-AI-05'];
const digest = (i: number) => `sha256:${i.toString(16).padStart(64, '0')}`;

/**
 * Random facts exercising every branch of the rules: frameworks with several versions (some not yet in
 * force), requirements with applicability rules and direct satisfaction (localisation, transfer basis,
 * provenance, sandbox), equivalences FULL and PARTIAL with conditions, countersigned or not, rejected,
 * withdrawn, with effective windows; certifiers accredited, suspended, withdrawn; certifications with digest
 * mismatches, renewals, suspensions, revocations and scope amendments; condition evidence, localisations and
 * relocations, transfer bases, provenance and sandbox runs.
 */
const randomLog = (seed: number): FactEvent[] => {
  const r = random(seed);
  const events: FactEvent[] = [];
  const add = (type: string, data: object) => {
    const n = events.length + 1;
    const event = toFactEvent({ type, data }, { eventId: `e${n}`, position: `1.${n}`, type });
    if (!event) throw new Error(`not a registry event: ${type}`);
    events.push(event);
  };
  const when = () => r.pick(MONTHS);
  const later = (t: string) => MONTHS.filter((m) => m > t);
  const after = (t: string) => (later(t).length ? r.pick(later(t)) : t);

  const hkVersions = ['0.9', '1.0'];
  hkVersions.forEach((version, i) =>
    add('FrameworkVersionPublished', {
      frameworkId: 'HK-AI',
      version,
      jurisdiction: 'HK',
      title: 'HK-AI',
      effectiveFrom: MONTHS[i * 12],
      publishedAt: MONTHS[0],
      requirements: HK_REQUIREMENTS.map((id) => ({
        id,
        title: id,
        appliesWhen: {},
        ...(id === 'HK-AI-05' ? { satisfiedBy: { kind: 'SANDBOX' } } : id === 'HK-AI-04' ? { satisfiedBy: { kind: 'PROVENANCE' } } : {}),
      })),
    }),
  );
  const foreign: { framework: string; version: string; requirementId: string; jurisdiction: string }[] = [];
  for (const jurisdiction of JURISDICTIONS)
    for (let f = 0; f < 1 + r.int(2); f++) {
      const frameworkId = `${jurisdiction}-F${f}`;
      let from = when();
      for (let v = 0; v < 1 + r.int(3); v++) {
        const version = `v${v}`;
        const requirements = Array.from({ length: 1 + r.int(4) }, (_, k) => {
          const id = `R${k}`;
          foreign.push({ framework: frameworkId, version, requirementId: id, jurisdiction });
          const appliesWhen = {
            ...(r.chance(0.4) ? { useCases: r.some(USE_CASES) } : {}),
            ...(r.chance(0.3) ? { generative: r.chance(0.5) } : {}),
            ...(r.chance(0.2) ? { generalPurpose: r.chance(0.5) } : {}),
          };
          const direct = r.pick([
            undefined,
            undefined,
            undefined,
            { kind: 'LOCALISATION', jurisdictions: r.some(['CN', 'HK', 'EU'], 0.6) },
            { kind: 'TRANSFER_BASIS', origin: r.pick(['CN', 'EU']), destinations: r.some(['HK', 'SG'], 0.7), mechanisms: r.some(['CONSENT', 'ADEQUACY'], 0.7) },
            { kind: 'PROVENANCE' },
            { kind: 'SANDBOX' },
          ]);
          return { id, title: `${frameworkId} ${id}`, appliesWhen, ...(direct ? { satisfiedBy: direct } : {}) };
        });
        add('FrameworkVersionPublished', { frameworkId, version, jurisdiction, title: frameworkId, effectiveFrom: from, publishedAt: MONTHS[0], requirements });
        from = after(from);
      }
    }

  const equivalences: { id: string; conditions: string[] }[] = [];
  // Most foreign requirements get an equivalence (so versions can be READY or CONDITIONAL), some several.
  const targets = [...foreign.filter(() => r.chance(0.8)), ...Array.from({ length: r.int(6) }, () => r.pick(foreign))];
  for (const [e, target] of targets.entries()) {
    const id = `eq${e}`;
    const conditions = r.chance(0.5) ? [] : Array.from({ length: 1 + r.int(2) }, (_, k) => `C${k}`);
    const effectiveFrom = when();
    add('EquivalenceProposed', {
      equivalenceId: id,
      hk: { framework: 'HK-AI', version: r.pick(hkVersions), requirementId: r.pick(HK_REQUIREMENTS) },
      foreign: { framework: target.framework, version: target.version, requirementId: target.requirementId },
      foreignJurisdiction: target.jurisdiction,
      strength: conditions.length ? 'PARTIAL' : r.pick(['FULL', 'FULL', 'PARTIAL']),
      conditions: conditions.map((c) => ({ id: c, text: `condition ${c}` })),
      scope: { useCases: r.some(USE_CASES, 0.8) },
      effectiveFrom,
      effectiveUntil: r.chance(0.2) ? after(effectiveFrom) : null,
      illustrative: false,
      proposedAt: MONTHS[0],
    });
    equivalences.push({ id, conditions });
    if (r.chance(0.8)) add('EquivalenceCountersigned', { equivalenceId: id, jurisdiction: target.jurisdiction, countersignedAt: when() });
    else if (r.chance(0.5)) add('EquivalenceRejected', { equivalenceId: id, jurisdiction: target.jurisdiction, reason: 'no', rejectedAt: when() });
    if (r.chance(0.15)) add('EquivalenceWithdrawn', { equivalenceId: id, withdrawnBy: 'REGULATOR', reason: 'review', withdrawnAt: when() });
  }

  const certifiers = ['cb-a', 'cb-b'];
  for (const certifierId of certifiers) {
    const validFrom = MONTHS[r.int(6)];
    add('CertifierAccredited', {
      certifierId,
      name: certifierId,
      scope: r.chance(0.7)
        ? { frameworkVersions: hkVersions, useCases: USE_CASES }
        : { frameworkVersions: r.some(hkVersions, 0.8), useCases: r.some(USE_CASES, 0.8) },
      validFrom,
      validUntil: after(after(validFrom)),
      accreditedAt: validFrom,
    });
    if (r.chance(0.3)) {
      add('AccreditationSuspended', { certifierId, reason: 'audit', suspendedAt: when() });
      if (r.chance(0.5)) add('AccreditationReinstated', { certifierId, reinstatedAt: MONTHS[35] });
    }
    if (r.chance(0.1)) add('AccreditationWithdrawn', { certifierId, reason: 'gone', withdrawnAt: when() });
  }
  for (const [suiteId, useCases] of [
    ['lending', ['lending']],
    ['hiring', ['hiring', 'lending']],
  ] as const) {
    let from = when();
    for (let v = 0; v < 1 + r.int(2); v++) {
      add('TestSuitePublished', {
        suiteId,
        version: `s${v}`,
        digest: digest(900 + v),
        useCases,
        parameters: { seed: 1, size: 10, baseRate: 0.5, sexBaseRateGap: 0, thresholds: {} },
        effectiveFrom: from,
        publishedAt: MONTHS[0],
      });
      from = after(from);
    }
  }

  for (let m = 0; m < 8; m++) {
    const modelId = `m${m}`;
    add('ModelRegistered', {
      modelId,
      firmId: 'f',
      name: modelId,
      kind: { generative: r.chance(0.5), generalPurpose: r.chance(0.3) },
      registeredAt: MONTHS[0],
    });
    for (let b = 0; b < r.int(3); b++)
      add('DataTransferBasisRecorded', {
        basisId: `b${m}-${b}`,
        modelId,
        originJurisdiction: r.pick(['CN', 'EU']),
        destinationJurisdiction: r.pick(['HK', 'SG']),
        mechanism: r.pick(['CONSENT', 'ADEQUACY', 'OTHER']),
        filingReference: null,
        filingDate: null,
        dataScope: 'all',
        recordedAt: when(),
      });
    if (r.chance(0.2)) add('DataTransferBasisWithdrawn', { basisId: `b${m}-0`, modelId, reason: 'ended', withdrawnAt: when() });
    for (let v = 0; v < 1 + r.int(2); v++) {
      const version = `${v + 1}.0`;
      const weights = digest(m * 10 + v);
      add('ModelVersionRegistered', { modelId, version, weightsDigest: weights, registeredAt: MONTHS[0] });
      if (r.chance(0.15)) add('ModelVersionDeprecated', { modelId, version, reason: 'old', deprecatedAt: when() });
      for (let c = 0; c < r.int(3); c++) {
        const certificationId = `c-${m}-${v}-${c}`;
        const issuedAt = when();
        const results = () => r.some(HK_REQUIREMENTS, 0.9).map((requirementId) => ({ requirementId, result: r.chance(0.95) ? 'PASS' : 'NOT_APPLICABLE' }));
        add('CertificationIssued', {
          certificationId,
          certifierId: r.pick(certifiers),
          modelId,
          modelVersion: version,
          weightsDigest: r.chance(0.05) ? digest(999) : weights,
          frameworkVersion: r.pick(hkVersions),
          scope: { useCases: r.some(USE_CASES, 0.8), riskTier: 'HIGH' },
          results: results(),
          auditReportDigest: digest(1),
          validFrom: r.chance(0.8) ? issuedAt : after(issuedAt),
          validUntil: after(after(issuedAt)),
          issuedAt,
        });
        if (r.chance(0.2)) add('CertificationRenewed', { certificationId, validUntil: MONTHS[35], renewedAt: after(issuedAt) });
        if (r.chance(0.2)) {
          add('CertificationSuspended', { certificationId, reason: 'audit', suspendedAt: after(issuedAt) });
          if (r.chance(0.5)) add('CertificationReinstated', { certificationId, reinstatedAt: MONTHS[30] });
        }
        if (r.chance(0.1)) add('CertificationRevoked', { certificationId, reason: 'fraud', revokedAt: after(issuedAt) });
        if (r.chance(0.2))
          add('CertificationScopeAmended', {
            certificationId,
            scope: { useCases: r.some(USE_CASES, 0.6), riskTier: 'HIGH' },
            results: results(),
            amendedAt: after(issuedAt),
          });
      }
      for (const e of equivalences)
        for (const conditionId of e.conditions)
          if (r.chance(0.5)) {
            add('ConditionEvidenceRecorded', { equivalenceId: e.id, conditionId, modelId, version, evidence: 'file', recordedBy: 'FIRM', recordedAt: when() });
            if (r.chance(0.2))
              add('ConditionEvidenceWithdrawn', { equivalenceId: e.id, conditionId, modelId, version, reason: 'x', withdrawnBy: 'FIRM', withdrawnAt: when() });
          }
      if (r.chance(0.5)) {
        const from = when();
        add('WeightsLocalisationRecorded', {
          modelId,
          version,
          weightsDigest: r.chance(0.85) ? weights : digest(998),
          digestMatchesVersion: true,
          hostingJurisdiction: r.pick(['CN', 'HK', 'EU']),
          facility: 'dc',
          custodian: 'c',
          attestedBy: 'a',
          recordedAt: from,
        });
        if (r.chance(0.3))
          add('WeightsRelocated', {
            modelId,
            version,
            hostingJurisdiction: r.pick(['CN', 'HK']),
            facility: 'dc2',
            custodian: 'c',
            attestedBy: 'a',
            relocatedAt: after(from),
          });
        if (r.chance(0.2)) add('LocalisationWithdrawn', { modelId, version, reason: 'moved', withdrawnAt: after(from) });
      }
      for (let p = 0; p < r.int(3); p++)
        add('TrainingDataProvenanceRecorded', {
          modelId,
          version,
          weightsDigest: r.chance(0.85) ? weights : digest(997),
          digestMatchesVersion: true,
          sources: [{ sourceId: 's1', name: 's1', legalBasis: r.chance(0.7) ? 'LICENCE' : null, digest: null }],
          sourceDetails: [],
          recordedAt: when(),
        });
      for (let s = 0; s < r.int(3); s++) {
        const runId = `run-${m}-${v}-${s}`;
        const subject = {
          runId,
          firmId: 'f',
          modelId,
          modelVersion: version,
          weightsDigest: r.chance(0.9) ? weights : digest(996),
          suiteId: r.pick(['lending', 'hiring']),
          suiteVersion: r.pick(['s0', 's1']),
          suiteDigest: digest(900),
        };
        add('SandboxRunRequested', { ...subject, mode: 'UPLOAD', endpoint: null, rows: 10, requestedAt: MONTHS[0] });
        add('SandboxRunCompleted', { ...subject, passed: r.chance(0.6), failedChecks: [], score: {}, completedAt: when() });
      }
    }
  }
  return events;
};

const versionsOf = (facts: VerdictFacts) =>
  [...facts.models.values()].flatMap((m) => [...m.versions.keys()].map((version) => ({ modelId: m.modelId, version })));

describe('the readiness judge (all use cases of a version in one pass)', () => {
  it('gives exactly the verdicts judgeExportReadiness gives (and, unexplained, their status and validUntil), over 150 random registries, every version, jurisdiction, use case and several asOf', () => {
    const statuses = new Map<ReadinessStatus, number>();
    const reasons = new Set<ReadinessReason>();
    let compared = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const events = randomLog(seed);
      // Facts cut at a random point of the log too (knownAt), not only the whole log.
      const cut = seed % 3 === 0 ? Math.floor(events.length * 0.6) : events.length;
      const facts = buildVerdictFacts(events.slice(0, cut));
      // An unknown jurisdiction (no framework) and an unknown version are judged too.
      const jurisdictions = [...JURISDICTIONS, 'HK', 'ZZ'];
      const versions = [...versionsOf(facts), { modelId: 'm0', version: '9.9' }, { modelId: 'nobody', version: '1.0' }];
      for (const asOf of [MONTHS[3], MONTHS[16], MONTHS[27], '2026-07-15T12:00:00.000Z']) {
        const judge = new ReadinessJudge(facts, asOf);
        for (const { modelId, version } of versions) {
          const batch = judge.judgeVersion(modelId, version, jurisdictions, USE_CASES).map((v) => resolveVerdict(v, facts.evidence));
          const single = jurisdictions.flatMap((jurisdiction) =>
            USE_CASES.map((useCase) => judgeExportReadiness(facts, { modelId, version, jurisdiction, useCase, asOf })),
          );
          // isDeepStrictEqual first (toEqual on every pair is slow); toEqual shows the difference when there is one.
          if (!isDeepStrictEqual(batch, single)) expect({ seed, asOf, modelId, version, batch }).toEqual({ seed, asOf, modelId, version, batch: single });
          // Judged without the explanations (what the readiness table keeps): the same status and validUntil.
          const standings = judge.standVersion(modelId, version, jurisdictions, USE_CASES);
          const expected = single.map((v) => ({ jurisdiction: v.query.jurisdiction, useCase: v.query.useCase, status: v.status, validUntil: v.validUntil }));
          if (!isDeepStrictEqual(standings, expected))
            expect({ seed, asOf, modelId, version, standings }).toEqual({ seed, asOf, modelId, version, standings: expected });
          compared += single.length;
          for (const v of single) {
            if (v.blocker === null) statuses.set(v.status, (statuses.get(v.status) ?? 0) + 1);
            for (const l of v.lines) reasons.add(l.reason);
          }
        }
      }
    }
    // The random registries must reach every outcome, or the comparison proves little.
    expect(compared).toBeGreaterThan(50_000);
    expect(statuses.get('READY')).toBeGreaterThan(100);
    expect(statuses.get('CONDITIONAL')).toBeGreaterThan(50);
    expect(statuses.get('NOT_READY')).toBeGreaterThan(100);
    const expected: ReadinessReason[] = [
      'FULL_EQUIVALENCE',
      'PARTIAL_EQUIVALENCE_EVIDENCED',
      'PARTIAL_EQUIVALENCE_CONDITIONS_UNMET',
      'SATISFIED_BY_LOCALISATION',
      'SATISFIED_BY_TRANSFER_BASIS',
      'SATISFIED_BY_PROVENANCE',
      'SATISFIED_BY_SANDBOX_RUN',
      'NO_EQUIVALENCE',
      'EQUIVALENCE_NOT_COUNTERSIGNED',
      'EQUIVALENCE_REJECTED',
      'EQUIVALENCE_WITHDRAWN',
      'EQUIVALENCE_NOT_EFFECTIVE',
      'EQUIVALENCE_OUT_OF_SCOPE',
      'CERTIFICATION_MISSING',
      'CERTIFICATION_NOT_YET_VALID',
      'CERTIFICATION_EXPIRED',
      'CERTIFICATION_SUSPENDED',
      'CERTIFICATION_REVOKED',
      'CERTIFICATION_OUT_OF_SCOPE',
      'CERTIFICATION_WRONG_FRAMEWORK_VERSION',
      'HK_REQUIREMENT_NOT_PASSED',
      'CERTIFICATION_INTEGRITY_FAILURE',
      'LOCALISATION_MISSING',
      'LOCALISATION_ELSEWHERE',
      'LOCALISATION_DIGEST_MISMATCH',
      'TRANSFER_BASIS_MISSING',
      'PROVENANCE_MISSING',
      'PROVENANCE_DIGEST_MISMATCH',
      'PROVENANCE_SOURCE_WITHOUT_BASIS',
      'SANDBOX_RUN_MISSING',
      'SANDBOX_RUN_FAILED',
      'SANDBOX_SUITE_SUPERSEDED',
    ];
    expect(expected.filter((reason) => !reasons.has(reason))).toEqual([]);
  });

  it('judgeAllUseCases is the same as a judge prepared once', () => {
    const facts = buildVerdictFacts(randomLog(7));
    const asOf = MONTHS[20];
    expect(judgeAllUseCases(facts, 'm1', '1.0', JURISDICTIONS, USE_CASES, asOf)).toEqual(
      new ReadinessJudge(facts, asOf).judgeVersion('m1', '1.0', JURISDICTIONS, USE_CASES),
    );
  });
});
