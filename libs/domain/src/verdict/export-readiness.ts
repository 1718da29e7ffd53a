import { accreditationCovers } from '../certifier/certifier.decider';
import { FrameworkVersion, versionInForce } from '../framework/framework.decider';
import { AppliesWhen, Requirement } from '../framework/framework.events';
import { isAtOrBefore, isBefore, ModelKind } from '../shared/values';
import { CertificationFact, EquivalenceFact, evidenceKey, Period, VerdictFacts } from './verdict.facts';
import { judgeSandbox } from './sandbox-line';
import { EvidenceRef, IntegrityFinding, ReasonCode, UnmetCondition, Verdict, VerdictLine, VerdictQuery, VerdictStatus } from './verdict.types';

/**
 * The version of the verdict rules. Bump it with any change to how a verdict is judged: caches of verdicts
 * (the readiness read model) keep their rows across restarts only while this number is unchanged.
 */
export const VERDICT_RULES_VERSION = 1;

/**
 * The export-readiness verdict: a pure function of facts (already cut at `knownAt`) and a query judged at
 * `asOf`. Same facts and query, same verdict, forever. No transitive recognition: only an equivalence whose
 * foreign side IS the target requirement counts, and only once countersigned.
 */
export const judgeExportReadiness = (facts: VerdictFacts, query: VerdictQuery): Verdict => {
  const { asOf } = query;
  const model = facts.models.get(query.modelId);
  const modelVersion = model?.versions.get(query.version);
  const base = { query, modelKind: model?.kind ?? null, modelVersionDeprecated: !!modelVersion?.deprecatedAt && isAtOrBefore(modelVersion.deprecatedAt, asOf) };
  if (!model || !modelVersion) {
    return { ...base, status: 'NOT_READY', blocker: 'MODEL_VERSION_NOT_FOUND', frameworks: [], lines: [], integrity: [], validUntil: null };
  }

  const targets = [...facts.frameworks]
    .filter(([, f]) => f.jurisdiction === query.jurisdiction)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([frameworkId, f]) => {
      const inForce = versionInForce(
        f.versions.map((v) => v.data),
        asOf,
      );
      if (!inForce) return [];
      const entry = f.versions.find((v) => v.data === inForce)!;
      const next = f.versions.find((v) => isBefore(asOf, v.data.effectiveFrom));
      return [{ frameworkId, version: inForce, ref: entry.ref, nextEffectiveFrom: next?.data.effectiveFrom ?? null }];
    });
  if (targets.length === 0) {
    return { ...base, status: 'NOT_READY', blocker: 'NO_FRAMEWORK_IN_FORCE', frameworks: [], lines: [], integrity: [], validUntil: null };
  }

  const certifications = (facts.certificationsByVersion.get(`${query.modelId}/${query.version}`) ?? [])
    .map((id) => facts.certifications.get(id)!)
    .filter((c) => isAtOrBefore(c.issued.issuedAt, asOf))
    .sort((a, b) => a.issued.certificationId.localeCompare(b.issued.certificationId));
  const integrity = integrityFindings(facts, certifications, modelVersion.weightsDigest, query);
  const flawed = new Set(integrity.flatMap((f) => (f.code === 'LOCALISATION_DIGEST_MISMATCH' ? [] : [f.subject])));

  const expiries: string[] = [];
  const lines: VerdictLine[] = [];
  for (const target of targets) {
    if (target.nextEffectiveFrom) expiries.push(target.nextEffectiveFrom);
    for (const requirement of target.version.requirements) {
      if (!applies(requirement.appliesWhen, query.useCase, model.kind)) continue;
      lines.push(judgeRequirement(facts, query, target.version, target.ref, requirement, certifications, flawed, modelVersion.weightsDigest, expiries));
    }
  }

  const status: VerdictStatus =
    integrity.length > 0 || lines.some((l) => l.status === 'GAP') ? 'NOT_READY' : lines.every((l) => l.status === 'SATISFIED') ? 'READY' : 'CONDITIONAL';
  const validUntil = expiries.filter((t) => isBefore(asOf, t)).sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
  return {
    ...base,
    status,
    blocker: null,
    frameworks: targets.map((t) => ({ framework: t.frameworkId, version: t.version.version })),
    lines,
    integrity,
    validUntil,
  };
};

export const applies = (when: AppliesWhen, useCase: string, kind: ModelKind): boolean =>
  (!when.useCases || when.useCases.includes(useCase)) &&
  (when.generative === undefined || when.generative === kind.generative) &&
  (when.generalPurpose === undefined || when.generalPurpose === kind.generalPurpose);

const holdsAt = <T>(periods: readonly Period<T>[] | undefined, at: string): Period<T> | undefined =>
  periods?.find((p) => isAtOrBefore(p.from, at) && (p.until === null || isBefore(at, p.until)));

const latestAt = <T extends { from: string }>(entries: readonly T[], at: string): T | undefined => [...entries].reverse().find((e) => isAtOrBefore(e.from, at));

const integrityFindings = (facts: VerdictFacts, certifications: readonly CertificationFact[], digest: string, query: VerdictQuery): IntegrityFinding[] => {
  const findings: IntegrityFinding[] = [];
  for (const c of certifications) {
    if (c.issued.weightsDigest !== digest) findings.push({ code: 'CERTIFICATION_DIGEST_MISMATCH', subject: c.issued.certificationId, evidence: c.refs });
    const certifier = facts.certifiers.get(c.issued.certifierId);
    if (!certifier || !accreditationCovers(certifier.state, c.issued.frameworkVersion, c.issued.scope.useCases, c.issued.issuedAt))
      findings.push({
        code: 'ACCREDITATION_DID_NOT_COVER_ISSUE',
        subject: c.issued.certificationId,
        evidence: [...c.refs.slice(0, 1), ...(certifier?.refs ?? [])],
      });
  }
  const placement = holdsAt(facts.localisations.get(`${query.modelId}/${query.version}`), query.asOf);
  if (placement && placement.value.weightsDigest !== digest)
    findings.push({ code: 'LOCALISATION_DIGEST_MISMATCH', subject: `${query.modelId}/${query.version}`, evidence: placement.refs });
  return findings;
};

type CertificationCheck = { ok: true; certification: CertificationFact; validUntil: string } | { ok: false; reason: ReasonCode; refs: readonly EvidenceRef[] };

/** Order in which certification problems are reported: the one nearest to usable first. */
const CERTIFICATION_REASONS: readonly ReasonCode[] = [
  'HK_REQUIREMENT_NOT_PASSED',
  'CERTIFICATION_OUT_OF_SCOPE',
  'CERTIFICATION_WRONG_FRAMEWORK_VERSION',
  'CERTIFICATION_SUSPENDED',
  'CERTIFICATION_NOT_YET_VALID',
  'CERTIFICATION_EXPIRED',
  'CERTIFICATION_REVOKED',
  'CERTIFICATION_INTEGRITY_FAILURE',
];

/** Does some valid certification of this model version PASS `hkRequirementId` of HK-AI `hkVersion` for the use case, at asOf? */
const checkCertification = (
  certifications: readonly CertificationFact[],
  flawed: ReadonlySet<string>,
  hkVersion: string,
  hkRequirementId: string,
  useCase: string,
  asOf: string,
): CertificationCheck => {
  const failures: { reason: ReasonCode; refs: readonly EvidenceRef[] }[] = [];
  for (const c of certifications) {
    const fail = (reason: ReasonCode) => failures.push({ reason, refs: c.refs });
    const validUntil = latestAt(c.validity, asOf)!.validUntil;
    const scope = latestAt(c.scopes, asOf)!;
    if (flawed.has(c.issued.certificationId)) fail('CERTIFICATION_INTEGRITY_FAILURE');
    else if (c.revoked && isAtOrBefore(c.revoked.at, asOf)) fail('CERTIFICATION_REVOKED');
    else if (holdsAt(c.suspensions, asOf)) fail('CERTIFICATION_SUSPENDED');
    else if (isBefore(asOf, c.issued.validFrom)) fail('CERTIFICATION_NOT_YET_VALID');
    else if (!isBefore(asOf, validUntil)) fail('CERTIFICATION_EXPIRED');
    else if (c.issued.frameworkVersion !== hkVersion) fail('CERTIFICATION_WRONG_FRAMEWORK_VERSION');
    else if (!scope.scope.useCases.includes(useCase)) fail('CERTIFICATION_OUT_OF_SCOPE');
    else if (!scope.results.some((r) => r.requirementId === hkRequirementId && r.result === 'PASS')) fail('HK_REQUIREMENT_NOT_PASSED');
    else return { ok: true, certification: c, validUntil };
  }
  if (failures.length === 0) return { ok: false, reason: 'CERTIFICATION_MISSING', refs: [] };
  failures.sort((a, b) => CERTIFICATION_REASONS.indexOf(a.reason) - CERTIFICATION_REASONS.indexOf(b.reason));
  return { ok: false, reason: failures[0].reason, refs: failures[0].refs };
};

type EquivalenceStanding =
  'IN_FORCE' | 'EQUIVALENCE_OUT_OF_SCOPE' | 'EQUIVALENCE_NOT_EFFECTIVE' | 'EQUIVALENCE_NOT_COUNTERSIGNED' | 'EQUIVALENCE_WITHDRAWN' | 'EQUIVALENCE_REJECTED';
const EQUIVALENCE_REASONS: readonly EquivalenceStanding[] = [
  'EQUIVALENCE_OUT_OF_SCOPE',
  'EQUIVALENCE_NOT_EFFECTIVE',
  'EQUIVALENCE_NOT_COUNTERSIGNED',
  'EQUIVALENCE_WITHDRAWN',
  'EQUIVALENCE_REJECTED',
];

/**
 * Where an equivalence stands at `asOf`, whatever the use case: the one rule for "in force" that verdicts
 * and the recognitions query share. An unsigned proposal recognises nothing; neither does one withdrawn by
 * then, rejected, or outside its effective dates.
 */
export const equivalenceStandingAt = (e: EquivalenceFact, asOf: string): Exclude<EquivalenceStanding, 'EQUIVALENCE_OUT_OF_SCOPE'> => {
  if (e.rejected) return 'EQUIVALENCE_REJECTED';
  if (e.withdrawn && isAtOrBefore(e.withdrawn.at, asOf)) return 'EQUIVALENCE_WITHDRAWN';
  if (!e.countersigned || isBefore(asOf, e.countersigned.at)) return 'EQUIVALENCE_NOT_COUNTERSIGNED';
  const { effectiveFrom, effectiveUntil } = e.proposal;
  if (isBefore(asOf, effectiveFrom) || (effectiveUntil !== null && isAtOrBefore(effectiveUntil, asOf))) return 'EQUIVALENCE_NOT_EFFECTIVE';
  return 'IN_FORCE';
};

/** The standing for one use case: in force at asOf and covering it. */
const standingOf = (e: EquivalenceFact, useCase: string, asOf: string): EquivalenceStanding => {
  const standing = equivalenceStandingAt(e, asOf);
  if (standing !== 'IN_FORCE') return standing;
  return e.proposal.scope.useCases.includes(useCase) ? 'IN_FORCE' : 'EQUIVALENCE_OUT_OF_SCOPE';
};

const judgeRequirement = (
  facts: VerdictFacts,
  query: VerdictQuery,
  version: FrameworkVersion,
  frameworkRef: EvidenceRef,
  requirement: Requirement,
  certifications: readonly CertificationFact[],
  flawed: ReadonlySet<string>,
  digest: string,
  expiries: string[],
): VerdictLine => {
  const { asOf, useCase } = query;
  const line = (
    status: VerdictLine['status'],
    reason: ReasonCode,
    evidence: readonly EvidenceRef[],
    via: VerdictLine['via'] = null,
    unmetConditions: readonly UnmetCondition[] = [],
  ): VerdictLine => ({
    requirement: { framework: version.frameworkId, version: version.version, requirementId: requirement.id, title: requirement.title },
    status,
    reason,
    unmetConditions,
    via,
    evidence: [frameworkRef, ...evidence],
  });

  // 1. A record may satisfy the requirement directly.
  let directGap: VerdictLine | undefined;
  const direct = requirement.satisfiedBy;
  if (direct?.kind === 'LOCALISATION') {
    const placement = holdsAt(facts.localisations.get(`${query.modelId}/${query.version}`), asOf);
    if (!placement) directGap = line('GAP', 'LOCALISATION_MISSING', []);
    else if (placement.value.weightsDigest !== digest) directGap = line('GAP', 'LOCALISATION_DIGEST_MISMATCH', placement.refs);
    else if (!direct.jurisdictions.includes(placement.value.jurisdiction)) directGap = line('GAP', 'LOCALISATION_ELSEWHERE', placement.refs);
    else return line('SATISFIED', 'SATISFIED_BY_LOCALISATION', placement.refs);
  } else if (direct?.kind === 'TRANSFER_BASIS') {
    const basis = [...facts.transferBases.values()]
      .filter(
        (b) =>
          b.modelId === query.modelId &&
          b.origin === direct.origin &&
          direct.destinations.includes(b.destination) &&
          direct.mechanisms.includes(b.mechanism) &&
          isAtOrBefore(b.recorded.at, asOf) &&
          !(b.withdrawn && isAtOrBefore(b.withdrawn.at, asOf)),
      )
      .sort((a, b) => a.basisId.localeCompare(b.basisId))[0];
    if (basis) return line('SATISFIED', 'SATISFIED_BY_TRANSFER_BASIS', [basis.recorded.ref]);
    directGap = line('GAP', 'TRANSFER_BASIS_MISSING', []);
  } else if (direct?.kind === 'PROVENANCE') {
    // The latest record by asOf speaks for the version: a newer one replaces it whole.
    const record = [...(facts.provenance.get(`${query.modelId}/${query.version}`) ?? [])].reverse().find((p) => isAtOrBefore(p.recordedAt, asOf));
    if (!record) directGap = line('GAP', 'PROVENANCE_MISSING', []);
    else if (record.weightsDigest !== digest) directGap = line('GAP', 'PROVENANCE_DIGEST_MISMATCH', [record.ref]);
    else if (record.sourcesWithoutBasis.length > 0) directGap = line('GAP', 'PROVENANCE_SOURCE_WITHOUT_BASIS', [record.ref]);
    else return line('SATISFIED', 'SATISFIED_BY_PROVENANCE', [record.ref]);
  } else if (direct?.kind === 'SANDBOX') {
    const sandbox = judgeSandbox(facts, query.modelId, query.version, digest, useCase, asOf);
    if (sandbox.satisfied) {
      if (sandbox.lapsesAt) expiries.push(sandbox.lapsesAt);
      return line('SATISFIED', sandbox.reason, sandbox.evidence);
    }
    directGap = line('GAP', sandbox.reason, sandbox.evidence);
  }

  // 2. Otherwise an equivalence in force must map an HK-AI requirement that a valid certification passed.
  const candidates = [...facts.equivalences.values()]
    .filter(
      (e) =>
        e.proposal.foreign.framework === version.frameworkId &&
        e.proposal.foreign.version === version.version &&
        e.proposal.foreign.requirementId === requirement.id,
    )
    .sort((a, b) => a.proposal.equivalenceId.localeCompare(b.proposal.equivalenceId));

  let conditional: { line: VerdictLine; unmet: number; validUntil: string[] } | undefined;
  let certificationGap: VerdictLine | undefined;
  const standings: { standing: EquivalenceStanding; e: EquivalenceFact }[] = [];
  for (const e of candidates) {
    const standing = standingOf(e, useCase, asOf);
    standings.push({ standing, e });
    if (standing !== 'IN_FORCE') continue;
    const hk = e.proposal.hk;
    const check = checkCertification(certifications, flawed, hk.version, hk.requirementId, useCase, asOf);
    if (!check.ok) {
      certificationGap ??= line('GAP', check.reason, [...e.refs, ...check.refs], {
        equivalenceId: e.proposal.equivalenceId,
        hkRequirementId: hk.requirementId,
        certificationId: null,
      });
      continue;
    }
    const via = { equivalenceId: e.proposal.equivalenceId, hkRequirementId: hk.requirementId, certificationId: check.certification.issued.certificationId };
    const lapses = [check.validUntil, ...(e.proposal.effectiveUntil ? [e.proposal.effectiveUntil] : [])];
    if (e.proposal.strength === 'FULL') {
      expiries.push(...lapses);
      return line('SATISFIED', 'FULL_EQUIVALENCE', [...e.refs, ...check.certification.refs], via);
    }
    const evidenced = e.proposal.conditions.map((c) => ({
      c,
      held: holdsAt(facts.conditionEvidence.get(evidenceKey(e.proposal.equivalenceId, c.id, query.modelId, query.version)), asOf),
    }));
    const unmet = evidenced.filter((x) => !x.held).map((x) => ({ equivalenceId: e.proposal.equivalenceId, conditionId: x.c.id, text: x.c.text }));
    const refs = [...e.refs, ...check.certification.refs, ...evidenced.flatMap((x) => x.held?.refs ?? [])];
    if (unmet.length === 0) {
      expiries.push(...lapses);
      return line('SATISFIED', 'PARTIAL_EQUIVALENCE_EVIDENCED', refs, via);
    }
    if (!conditional || unmet.length < conditional.unmet)
      conditional = { line: line('CONDITIONAL', 'PARTIAL_EQUIVALENCE_CONDITIONS_UNMET', refs, via, unmet), unmet: unmet.length, validUntil: lapses };
  }
  if (conditional) {
    expiries.push(...conditional.validUntil);
    return conditional.line;
  }
  if (certificationGap) return certificationGap;
  if (directGap && candidates.length === 0) return directGap;
  const nearest = standings.sort((a, b) => EQUIVALENCE_REASONS.indexOf(a.standing) - EQUIVALENCE_REASONS.indexOf(b.standing))[0];
  if (nearest)
    return line('GAP', nearest.standing as ReasonCode, nearest.e.refs, {
      equivalenceId: nearest.e.proposal.equivalenceId,
      hkRequirementId: nearest.e.proposal.hk.requirementId,
      certificationId: null,
    });
  return directGap ?? line('GAP', 'NO_EQUIVALENCE', []);
};
