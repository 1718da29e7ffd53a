import { accreditationCovers } from '../certifier/certifier.decider';
import { FrameworkVersion, versionInForce } from '../framework/framework.decider';
import { AppliesWhen, DirectSatisfaction, Requirement } from '../framework/framework.events';
import { isAtOrBefore, isBefore, ModelKind, toTime } from '../shared/values';
import {
  CertificationFact,
  EquivalenceFact,
  evidenceKey,
  Period,
  periodRefs,
  Placement,
  ProvenanceFact,
  TransferBasisFact,
  VerdictFacts,
} from './verdict.facts';
import { judgeSandbox, SandboxStanding } from './sandbox-line';
import { IntegrityFinding, ReadinessReason, UnmetCondition, Verdict, VerdictLine, VerdictQuery, ReadinessStatus } from './verdict.types';
import { EvidenceLookup, FactRef } from './evidence-table';

/** A verdict as judged, its evidence as the facts' references (`resolveVerdict` gives the public one). */
export type JudgedVerdict = Verdict<FactRef>;
type Line = VerdictLine<FactRef>;

/**
 * The version of the verdict rules. Bump it with any change to how a verdict is judged: caches of verdicts
 * (the readiness read model) keep their rows across restarts only while this number is unchanged.
 */
export const VERDICT_RULES_VERSION = 3;

/** The HK-AI Standard's framework id: the home side of every equivalence, and Hong Kong's own framework. */
const HK_AI_FRAMEWORK = 'HK-AI';

/** A target framework of a jurisdiction: its version in force at asOf, and when the next version takes effect (null: none announced). */
export interface ReadinessTarget {
  readonly frameworkId: string;
  readonly version: FrameworkVersion;
  readonly ref: FactRef;
  readonly nextEffectiveFrom: string | null;
}

/** A certification of the model version as it stands at asOf: its validity and scope then, and the first requirement-independent check it fails. */
export interface CertificationAt {
  readonly certification: CertificationFact;
  readonly validUntil: string;
  readonly scope: CertificationFact['scopes'][number];
  /** Integrity, revoked, suspended, not yet valid, expired (checked in that order); null: usable for any requirement it passed. */
  readonly failure: ReadinessReason | null;
}

export type TransferBasisRule = Extract<DirectSatisfaction, { kind: 'TRANSFER_BASIS' }>;
export type EquivalenceStandingAt = ReturnType<typeof equivalenceStandingAt>;

/**
 * What the rules ask of the facts at one asOf, whatever the model version. `judgeExportReadiness` answers by
 * scanning the facts for each question; the readiness judge (readiness-judge.ts) from indexes built once for
 * many versions. Both must answer alike: readiness-judge.spec.ts compares their verdicts over random facts.
 */
export interface RuleLookups {
  readonly asOf: string;
  /** An instant as a number (Date.parse). */
  readonly time: (instant: string) => number;
  /** The jurisdiction's frameworks in force at asOf, by framework id. */
  readonly targets: (jurisdiction: string) => readonly ReadinessTarget[];
  /** Equivalences whose foreign side IS this requirement of this framework version, by equivalence id. */
  readonly candidates: (version: FrameworkVersion, requirement: Requirement) => readonly EquivalenceFact[];
  /** `equivalenceStandingAt(e, asOf)`. */
  readonly standing: (e: EquivalenceFact) => EquivalenceStandingAt;
}

/** What the rules ask of one model version's facts at asOf. */
export interface VersionLookups {
  readonly modelId: string;
  readonly version: string;
  readonly kind: ModelKind;
  readonly digest: string;
  readonly deprecated: boolean;
  /** Its certifications issued by asOf, by certification id. */
  readonly certifications: readonly CertificationAt[];
  readonly integrity: readonly IntegrityFinding<FactRef>[];
  /** Where its weights are hosted at asOf. */
  readonly placement: () => Period<Placement> | undefined;
  /** The first transfer basis of its model (by basis id) meeting the rule at asOf. */
  readonly transferBasis: (rule: TransferBasisRule) => TransferBasisFact | undefined;
  /** Its latest provenance record by asOf. */
  readonly provenance: () => ProvenanceFact | undefined;
  readonly sandbox: (useCase: string) => SandboxStanding;
  /** Evidence of one condition of an equivalence for this version, held at asOf. */
  readonly conditionHeld: (equivalenceId: string, conditionId: string) => Period<null> | undefined;
}

/**
 * The export-readiness verdict: a pure function of facts (already cut at `knownAt`) and a query judged at
 * `asOf`. Same facts and query, same verdict, forever. No transitive recognition: only an equivalence whose
 * foreign side IS the target requirement counts, and only once countersigned.
 */
export const judgeExportReadiness = (facts: VerdictFacts, query: VerdictQuery): Verdict => {
  const rules = scanRules(facts, query.asOf);
  return resolveVerdict(
    judgeWith(
      rules,
      facts.models.get(query.modelId)?.kind ?? null,
      versionLookups(facts, rules, query.modelId, query.version, scanVersionIndexes(facts)),
      query,
    ),
    facts.evidence,
  );
};

/** A judged verdict with its evidence references resolved (what the API shows). */
export const resolveVerdict = (verdict: JudgedVerdict, evidence: EvidenceLookup): Verdict => {
  const refs = (list: readonly FactRef[]) => list.map((r) => evidence.ref(r));
  return {
    ...verdict,
    lines: verdict.lines.map((l) => ({ ...l, evidence: refs(l.evidence) })),
    integrity: verdict.integrity.map((f) => ({ ...f, evidence: refs(f.evidence) })),
  };
};

/** Answers every rule question by scanning the facts (one verdict needs no index). */
const scanRules = (facts: VerdictFacts, asOf: string): RuleLookups => ({
  asOf,
  time: toTime,
  targets: (jurisdiction) => targetsOf(facts, jurisdiction, asOf),
  candidates: (version, requirement) =>
    [...facts.equivalences.values()]
      .filter(
        (e) =>
          e.proposal.foreign.framework === version.frameworkId &&
          e.proposal.foreign.version === version.version &&
          e.proposal.foreign.requirementId === requirement.id,
      )
      .sort(byEquivalenceId),
  standing: (e) => equivalenceStandingAt(e, asOf),
});

const scanVersionIndexes = (facts: VerdictFacts): VersionIndexes => ({
  transferBasesOf: (modelId) => [...facts.transferBases.values()].filter((b) => b.modelId === modelId),
  sandbox: (modelId, version, digest, useCase, asOf) => judgeSandbox(facts, modelId, version, digest, useCase, asOf),
});

export const byEquivalenceId = (a: EquivalenceFact, b: EquivalenceFact) => a.proposal.equivalenceId.localeCompare(b.proposal.equivalenceId);

/** The frameworks of a jurisdiction in force at asOf, by framework id. */
export const targetsOf = (facts: VerdictFacts, jurisdiction: string, asOf: string): ReadinessTarget[] =>
  [...facts.frameworks]
    .filter(([, f]) => f.jurisdiction === jurisdiction)
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

/** Where a version-level lookup may use an index the caller keeps (the readiness judge) instead of scanning. */
export interface VersionIndexes {
  readonly transferBasesOf: (modelId: string) => readonly TransferBasisFact[];
  readonly sandbox: (modelId: string, version: string, digest: string, useCase: string, asOf: string) => SandboxStanding;
}

/** One model version's lookups at the rules' asOf (undefined: no such model version). Each is computed once, when first asked. */
export const versionLookups = (
  facts: VerdictFacts,
  rules: RuleLookups,
  modelId: string,
  version: string,
  indexes: VersionIndexes,
): VersionLookups | undefined => {
  const modelVersion = facts.models.get(modelId)?.versions.get(version);
  const kind = facts.models.get(modelId)?.kind;
  if (!modelVersion || !kind) return undefined;
  const { asOf, time } = rules;
  const at = time(asOf);
  const key = `${modelId}/${version}`;
  const digest = modelVersion.weightsDigest;
  const issued = (facts.certificationsByVersion.get(key) ?? [])
    .map((id) => facts.certifications.get(id)!)
    .filter((c) => time(c.issued.issuedAt) <= at)
    .sort((a, b) => a.issued.certificationId.localeCompare(b.issued.certificationId));
  const placement = once(() => holdsAt(facts.localisations.get(key), at, time));
  const integrity = integrityFindings(facts, issued, digest, key, placement());
  const flawed = new Set(integrity.flatMap((f) => (f.code === 'LOCALISATION_DIGEST_MISMATCH' ? [] : [f.subject])));
  const certifications = issued.map((c): CertificationAt => {
    const validUntil = latestAt(c.validity, at, time)!.validUntil;
    const scope = latestAt(c.scopes, at, time)!;
    const failure: ReadinessReason | null = flawed.has(c.issued.certificationId)
      ? 'CERTIFICATION_INTEGRITY_FAILURE'
      : c.revoked && time(c.revoked.at) <= at
        ? 'CERTIFICATION_REVOKED'
        : holdsAt(c.suspensions, at, time)
          ? 'CERTIFICATION_SUSPENDED'
          : at < time(c.issued.validFrom)
            ? 'CERTIFICATION_NOT_YET_VALID'
            : !(at < time(validUntil))
              ? 'CERTIFICATION_EXPIRED'
              : null;
    return { certification: c, validUntil, scope, failure };
  });
  const sandboxes = new Map<string, SandboxStanding>();
  return {
    modelId,
    version,
    kind,
    digest,
    deprecated: !!modelVersion.deprecatedAt && time(modelVersion.deprecatedAt) <= at,
    certifications,
    integrity,
    placement,
    transferBasis: (rule) =>
      indexes
        .transferBasesOf(modelId)
        .filter(
          (b) =>
            b.origin === rule.origin &&
            rule.destinations.includes(b.destination) &&
            rule.mechanisms.includes(b.mechanism) &&
            time(b.recorded.at) <= at &&
            !(b.withdrawn && time(b.withdrawn.at) <= at),
        )
        .sort((a, b) => a.basisId.localeCompare(b.basisId))[0],
    // The latest record by asOf speaks for the version: a newer one replaces it whole.
    provenance: once(() => [...(facts.provenance.get(key) ?? [])].reverse().find((p) => time(p.recordedAt) <= at)),
    sandbox: (useCase) => {
      let standing = sandboxes.get(useCase);
      if (!standing) sandboxes.set(useCase, (standing = indexes.sandbox(modelId, version, digest, useCase, asOf)));
      return standing;
    },
    conditionHeld: (equivalenceId, conditionId) => holdsAt(facts.conditionEvidence.get(evidenceKey(equivalenceId, conditionId, modelId, version)), at, time),
  };
};

const once = <T>(compute: () => T): (() => T) => {
  let done = false;
  let value: T;
  return () => {
    if (!done) [value, done] = [compute(), true];
    return value;
  };
};

/** The verdict from lookups: the rules themselves, whichever way the facts are looked up. */
export const judgeWith = (rules: RuleLookups, modelKind: ModelKind | null, v: VersionLookups | undefined, query: VerdictQuery): JudgedVerdict => {
  // Literals with every field (not a spread of a shared base): the readiness build makes hundreds of thousands.
  if (!v) return blocked(query, modelKind, false, 'MODEL_VERSION_NOT_FOUND');
  const targets = rules.targets(query.jurisdiction);
  if (targets.length === 0) return blocked(query, modelKind, v.deprecated, 'NO_FRAMEWORK_IN_FORCE');
  const integrity = v.integrity;
  const expiries: string[] = [];
  const lines: Line[] = [];
  for (const target of targets) {
    if (target.nextEffectiveFrom) expiries.push(target.nextEffectiveFrom);
    for (const requirement of target.version.requirements) {
      if (!applies(requirement.appliesWhen, query.useCase, v.kind)) continue;
      lines.push(judgeRequirement(rules, v, query.useCase, target.version, target.ref, requirement, expiries, true));
    }
  }

  const status = statusOf(
    integrity.length > 0,
    lines.some((l) => l.status === 'GAP'),
    lines.every((l) => l.status === 'SATISFIED'),
  );
  return {
    query,
    modelKind,
    modelVersionDeprecated: v.deprecated,
    status,
    blocker: null,
    frameworks: targets.map((t) => ({ framework: t.frameworkId, version: t.version.version })),
    lines,
    integrity: [...integrity],
    validUntil: firstAfter(expiries, rules.time(rules.asOf), rules.time),
  };
};

/** A verdict's status from its lines: any integrity finding or gap blocks it; all lines satisfied make it ready. */
const statusOf = (flawed: boolean, gap: boolean, allSatisfied: boolean): ReadinessStatus =>
  flawed || gap ? 'NOT_READY' : allSatisfied ? 'READY' : 'CONDITIONAL';

/** What the readiness table keeps of a verdict: its status and how long it holds. */
export interface VerdictStanding {
  readonly status: ReadinessStatus;
  readonly validUntil: string | null;
}

const NOT_FOUND: VerdictStanding = Object.freeze({ status: 'NOT_READY', validUntil: null });

/**
 * `judgeWith`'s status and validUntil, judged by the same rules (`judgeRequirement`) without the explanation: no
 * line, evidence or verdict is built, only each requirement's status and the instants the verdict lapses at. The
 * readiness build judges every version × jurisdiction × use case of the registry and keeps no more than this;
 * building the explanations was most of its allocations (readiness-judge.spec.ts checks both agree).
 */
export const judgeStanding = (rules: RuleLookups, v: VersionLookups | undefined, query: VerdictQuery): VerdictStanding => {
  if (!v) return NOT_FOUND;
  const targets = rules.targets(query.jurisdiction);
  if (targets.length === 0) return NOT_FOUND;
  const expiries: string[] = [];
  let gap = false;
  let allSatisfied = true;
  for (const target of targets) {
    if (target.nextEffectiveFrom) expiries.push(target.nextEffectiveFrom);
    for (const requirement of target.version.requirements) {
      if (!applies(requirement.appliesWhen, query.useCase, v.kind)) continue;
      const { status } = judgeRequirement(rules, v, query.useCase, target.version, target.ref, requirement, expiries, false);
      if (status === 'GAP') gap = true;
      if (status !== 'SATISFIED') allSatisfied = false;
    }
  }
  return { status: statusOf(v.integrity.length > 0, gap, allSatisfied), validUntil: firstAfter(expiries, rules.time(rules.asOf), rules.time) };
};

const blocked = (
  query: VerdictQuery,
  modelKind: ModelKind | null,
  modelVersionDeprecated: boolean,
  blocker: NonNullable<Verdict['blocker']>,
): JudgedVerdict => ({
  query,
  modelKind,
  modelVersionDeprecated,
  status: 'NOT_READY',
  blocker,
  frameworks: [],
  lines: [],
  integrity: [],
  validUntil: null,
});

/** The earliest instant strictly after `at`; of equal instants, the first listed. */
const firstAfter = (instants: readonly string[], at: number, time: (instant: string) => number): string | null => {
  let first: string | null = null;
  let firstTime = Infinity;
  for (const t of instants) {
    const x = time(t);
    if (at < x && x < firstTime) [first, firstTime] = [t, x];
  }
  return first;
};

export const applies = (when: AppliesWhen, useCase: string, kind: ModelKind): boolean =>
  (!when.useCases || when.useCases.includes(useCase)) &&
  (when.generative === undefined || when.generative === kind.generative) &&
  (when.generalPurpose === undefined || when.generalPurpose === kind.generalPurpose);

const holdsAt = <T>(periods: readonly Period<T>[] | undefined, at: number, time: (instant: string) => number): Period<T> | undefined =>
  periods?.find((p) => time(p.from) <= at && (p.until === null || at < time(p.until)));

const latestAt = <T extends { from: string }>(entries: readonly T[], at: number, time: (instant: string) => number): T | undefined => {
  for (let i = entries.length - 1; i >= 0; i--) if (time(entries[i].from) <= at) return entries[i];
  return undefined;
};

const integrityFindings = (
  facts: VerdictFacts,
  certifications: readonly CertificationFact[],
  digest: string,
  key: string,
  placement: Period<Placement> | undefined,
): IntegrityFinding<FactRef>[] => {
  const findings: IntegrityFinding<FactRef>[] = [];
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
  if (placement && placement.value.weightsDigest !== digest)
    findings.push({ code: 'LOCALISATION_DIGEST_MISMATCH', subject: key, evidence: periodRefs(placement) });
  return findings;
};

type CertificationCheck = { ok: true; certification: CertificationFact; validUntil: string } | { ok: false; reason: ReadinessReason; refs: readonly FactRef[] };
const NO_REFS: readonly FactRef[] = Object.freeze([]);
const UNEXPLAINED_FAILURE: CertificationCheck = Object.freeze({ ok: false, reason: 'CERTIFICATION_MISSING', refs: NO_REFS });

/** Order in which certification problems are reported: the one nearest to usable first. */
const CERTIFICATION_REASONS: readonly ReadinessReason[] = [
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
  certifications: readonly CertificationAt[],
  hkVersion: string,
  hkRequirementId: string,
  useCase: string,
  explain: boolean,
): CertificationCheck => {
  const failures: { reason: ReadinessReason; certification: CertificationFact }[] = [];
  for (const { certification: c, validUntil, scope, failure } of certifications) {
    const reason: ReadinessReason | null =
      failure ??
      (c.issued.frameworkVersion !== hkVersion
        ? 'CERTIFICATION_WRONG_FRAMEWORK_VERSION'
        : !scope.scope.useCases.includes(useCase)
          ? 'CERTIFICATION_OUT_OF_SCOPE'
          : !scope.results.some((r) => r.requirementId === hkRequirementId && r.result === 'PASS')
            ? 'HK_REQUIREMENT_NOT_PASSED'
            : null);
    if (reason === null) return { ok: true, certification: c, validUntil };
    if (explain) failures.push({ reason, certification: c });
  }
  // Unexplained, which certification fails and why does not matter (the line is a gap either way).
  if (!explain) return UNEXPLAINED_FAILURE;
  if (failures.length === 0) return { ok: false, reason: 'CERTIFICATION_MISSING', refs: [] };
  failures.sort((a, b) => CERTIFICATION_REASONS.indexOf(a.reason) - CERTIFICATION_REASONS.indexOf(b.reason));
  // The evidence of the one reported only (a certification's references are derived when read).
  return { ok: false, reason: failures[0].reason, refs: failures[0].certification.refs };
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
const standingOf = (rules: RuleLookups, e: EquivalenceFact, useCase: string): EquivalenceStanding => {
  const standing = rules.standing(e);
  if (standing !== 'IN_FORCE') return standing;
  return e.proposal.scope.useCases.includes(useCase) ? 'IN_FORCE' : 'EQUIVALENCE_OUT_OF_SCOPE';
};

/**
 * A line judged without its explanation (`judgeStanding`): only its status is meant to be read. One shared, frozen
 * line per status, with no requirement, reason or evidence of its own.
 */
const UNEXPLAINED: Readonly<Record<VerdictLine['status'], Line>> = Object.freeze({
  SATISFIED: unexplainedLine('SATISFIED'),
  CONDITIONAL: unexplainedLine('CONDITIONAL'),
  GAP: unexplainedLine('GAP'),
});
function unexplainedLine(status: VerdictLine['status']): Line {
  return Object.freeze({
    requirement: Object.freeze({ framework: '', version: '', requirementId: '', title: '' }),
    status,
    reason: 'UNEXPLAINED' as ReadinessReason,
    unmetConditions: [],
    via: null,
    evidence: NO_REFS,
  });
}
const unexplained = (status: VerdictLine['status']): Line => UNEXPLAINED[status];

const lineOf = (
  version: FrameworkVersion,
  frameworkRef: FactRef,
  requirement: Requirement,
  status: VerdictLine['status'],
  reason: ReadinessReason,
  evidence: readonly FactRef[],
  via: VerdictLine['via'],
  unmetConditions: readonly UnmetCondition[],
): Line => ({
  requirement: { framework: version.frameworkId, version: version.version, requirementId: requirement.id, title: requirement.title },
  status,
  reason,
  unmetConditions,
  via,
  evidence: [frameworkRef, ...evidence],
});

const judgeRequirement = (
  rules: RuleLookups,
  v: VersionLookups,
  useCase: string,
  version: FrameworkVersion,
  frameworkRef: FactRef,
  requirement: Requirement,
  expiries: string[],
  /** false: only the line's status and the lapse instants count (`judgeStanding`); its evidence is left out. */
  explain: boolean,
): Line => {
  const line = (
    status: VerdictLine['status'],
    reason: ReadinessReason,
    evidence: readonly FactRef[],
    via: VerdictLine['via'] = null,
    unmetConditions: readonly UnmetCondition[] = [],
  ): Line => (explain ? lineOf(version, frameworkRef, requirement, status, reason, evidence, via, unmetConditions) : unexplained(status));
  // The evidence of a line, gathered only when the line is explained.
  const refs = (gather: () => readonly FactRef[]): readonly FactRef[] => (explain ? gather() : NO_REFS);

  // 1. A record may satisfy the requirement directly.
  let directGap: Line | undefined;
  const direct = requirement.satisfiedBy;
  if (direct?.kind === 'LOCALISATION') {
    const placement = v.placement();
    if (!placement) directGap = line('GAP', 'LOCALISATION_MISSING', []);
    else if (placement.value.weightsDigest !== v.digest) directGap = line('GAP', 'LOCALISATION_DIGEST_MISMATCH', periodRefs(placement));
    else if (!direct.jurisdictions.includes(placement.value.jurisdiction)) directGap = line('GAP', 'LOCALISATION_ELSEWHERE', periodRefs(placement));
    else return line('SATISFIED', 'SATISFIED_BY_LOCALISATION', periodRefs(placement));
  } else if (direct?.kind === 'TRANSFER_BASIS') {
    const basis = v.transferBasis(direct);
    if (basis) return line('SATISFIED', 'SATISFIED_BY_TRANSFER_BASIS', [basis.recorded.ref]);
    directGap = line('GAP', 'TRANSFER_BASIS_MISSING', []);
  } else if (direct?.kind === 'PROVENANCE') {
    const record = v.provenance();
    if (!record) directGap = line('GAP', 'PROVENANCE_MISSING', []);
    else if (record.weightsDigest !== v.digest) directGap = line('GAP', 'PROVENANCE_DIGEST_MISMATCH', [record.ref]);
    else if (record.sourcesWithoutBasis.length > 0) directGap = line('GAP', 'PROVENANCE_SOURCE_WITHOUT_BASIS', [record.ref]);
    else return line('SATISFIED', 'SATISFIED_BY_PROVENANCE', [record.ref]);
  } else if (direct?.kind === 'SANDBOX') {
    const sandbox = v.sandbox(useCase);
    if (sandbox.satisfied) {
      if (sandbox.lapsesAt) expiries.push(sandbox.lapsesAt);
      return line('SATISFIED', sandbox.reason, sandbox.evidence);
    }
    directGap = line('GAP', sandbox.reason, sandbox.evidence);
  }

  // 2. A requirement of the HK-AI Standard itself (the target is Hong Kong): the certification is the evidence,
  // with no equivalence in between. A requirement met by a record (1.) is met by that record only.
  if (version.frameworkId === HK_AI_FRAMEWORK) {
    if (directGap) return directGap;
    const check = checkCertification(v.certifications, version.version, requirement.id, useCase, explain);
    if (!check.ok) return line('GAP', check.reason, check.refs);
    expiries.push(check.validUntil);
    return line(
      'SATISFIED',
      'SATISFIED_BY_CERTIFICATION',
      refs(() => check.certification.refs),
    );
  }

  // 3. Otherwise an equivalence in force must map an HK-AI requirement that a valid certification passed.
  const candidates = rules.candidates(version, requirement);

  let conditional: { line: Line; unmet: number; validUntil: string[] } | undefined;
  let certificationGap: Line | undefined;
  const standings: { standing: EquivalenceStanding; e: EquivalenceFact }[] = [];
  for (const e of candidates) {
    const standing = standingOf(rules, e, useCase);
    if (explain) standings.push({ standing, e });
    if (standing !== 'IN_FORCE') continue;
    const hk = e.proposal.hk;
    const check = checkCertification(v.certifications, hk.version, hk.requirementId, useCase, explain);
    if (!check.ok) {
      certificationGap ??= line(
        'GAP',
        check.reason,
        refs(() => [...e.refs, ...check.refs]),
        explain ? { equivalenceId: e.proposal.equivalenceId, hkRequirementId: hk.requirementId, certificationId: null } : null,
      );
      continue;
    }
    const via = explain
      ? { equivalenceId: e.proposal.equivalenceId, hkRequirementId: hk.requirementId, certificationId: check.certification.issued.certificationId }
      : null;
    const lapses = e.proposal.effectiveUntil ? [check.validUntil, e.proposal.effectiveUntil] : [check.validUntil];
    if (e.proposal.strength === 'FULL') {
      expiries.push(...lapses);
      return line(
        'SATISFIED',
        'FULL_EQUIVALENCE',
        refs(() => [...e.refs, ...check.certification.refs]),
        via,
      );
    }
    const evidenced = e.proposal.conditions.map((c) => ({ c, held: v.conditionHeld(e.proposal.equivalenceId, c.id) }));
    const unmet = evidenced.filter((x) => !x.held).map((x) => ({ equivalenceId: e.proposal.equivalenceId, conditionId: x.c.id, text: x.c.text }));
    const evidence = refs(() => [...e.refs, ...check.certification.refs, ...evidenced.flatMap((x) => (x.held ? periodRefs(x.held) : []))]);
    if (unmet.length === 0) {
      expiries.push(...lapses);
      return line('SATISFIED', 'PARTIAL_EQUIVALENCE_EVIDENCED', evidence, via);
    }
    if (!conditional || unmet.length < conditional.unmet)
      conditional = { line: line('CONDITIONAL', 'PARTIAL_EQUIVALENCE_CONDITIONS_UNMET', evidence, via, unmet), unmet: unmet.length, validUntil: lapses };
  }
  if (conditional) {
    expiries.push(...conditional.validUntil);
    return conditional.line;
  }
  if (certificationGap) return certificationGap;
  // Unexplained, every way on from here is a gap: which one is the explanation.
  if (!explain) return unexplained('GAP');
  if (directGap && candidates.length === 0) return directGap;
  const nearest = standings.sort((a, b) => EQUIVALENCE_REASONS.indexOf(a.standing) - EQUIVALENCE_REASONS.indexOf(b.standing))[0];
  if (nearest)
    return line('GAP', nearest.standing as ReadinessReason, nearest.e.refs, {
      equivalenceId: nearest.e.proposal.equivalenceId,
      hkRequirementId: nearest.e.proposal.hk.requirementId,
      certificationId: null,
    });
  return directGap ?? line('GAP', 'NO_EQUIVALENCE', []);
};
