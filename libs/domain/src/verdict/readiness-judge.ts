import { FrameworkVersion } from '../framework/framework.decider';
import { Requirement } from '../framework/framework.events';
import { toTime } from '../shared/values';
import {
  JudgedVerdict,
  byEquivalenceId,
  equivalenceStandingAt,
  EquivalenceStandingAt,
  judgeStanding,
  judgeWith,
  ReadinessTarget,
  RuleLookups,
  targetsOf,
  versionLookups,
  VersionIndexes,
  VerdictStanding,
} from './export-readiness';
import { judgeSandbox } from './sandbox-line';
import { EquivalenceFact, TransferBasisFact, VerdictFacts } from './verdict.facts';

/**
 * Judges many model versions at one asOf, as `judgeExportReadiness` would one question at a time, with the
 * work shared: per facts, the frameworks in force per jurisdiction, equivalences indexed by the foreign
 * requirement they map (sorted once), each equivalence's standing, transfer bases by model, and parsed
 * instants; per model version, its certifications as they stand, integrity findings, placement,
 * provenance and sandbox standing, once for all its use cases and jurisdictions. The rules themselves are
 * `judgeWith`, the same code `judgeExportReadiness` runs; readiness-judge.spec.ts compares the two over
 * random facts. The facts must not change while a judge is in use.
 */
export class ReadinessJudge {
  private readonly times = new Map<string, number>();
  private readonly targets = new Map<string, readonly ReadinessTarget[]>();
  /** Equivalences by `framework \0 version \0 requirementId` of their foreign side, by equivalence id. */
  private readonly byForeignRequirement = new Map<string, EquivalenceFact[]>();
  /** The same, keyed by the requirement object of a framework version (no key built per line). */
  private readonly byRequirement = new Map<Requirement, { version: FrameworkVersion; list: readonly EquivalenceFact[] }>();
  private readonly standings = new Map<EquivalenceFact, EquivalenceStandingAt>();
  private readonly transferBases = new Map<string, TransferBasisFact[]>();
  private readonly rules: RuleLookups;
  private readonly indexes: VersionIndexes;

  constructor(
    private readonly facts: VerdictFacts,
    readonly asOf: string,
  ) {
    for (const e of facts.equivalences.values()) {
      const key = foreignKey(e.proposal.foreign.framework, e.proposal.foreign.version, e.proposal.foreign.requirementId);
      const list = this.byForeignRequirement.get(key);
      if (list) list.push(e);
      else this.byForeignRequirement.set(key, [e]);
    }
    for (const list of this.byForeignRequirement.values()) list.sort(byEquivalenceId);
    for (const b of facts.transferBases.values()) {
      const list = this.transferBases.get(b.modelId);
      if (list) list.push(b);
      else this.transferBases.set(b.modelId, [b]);
    }
    this.rules = {
      asOf,
      time: (instant) => this.time(instant),
      targets: (jurisdiction) => {
        let targets = this.targets.get(jurisdiction);
        if (!targets) this.targets.set(jurisdiction, (targets = targetsOf(facts, jurisdiction, asOf)));
        return targets;
      },
      candidates: (version, requirement) => this.candidates(version, requirement),
      standing: (e) => {
        let standing = this.standings.get(e);
        if (!standing) this.standings.set(e, (standing = equivalenceStandingAt(e, asOf)));
        return standing;
      },
    };
    this.indexes = {
      transferBasesOf: (modelId) => this.transferBases.get(modelId) ?? [],
      sandbox: (modelId, version, digest, useCase, at) => judgeSandbox(facts, modelId, version, digest, useCase, at),
    };
  }

  /** The verdicts of one model version for each jurisdiction × use case (jurisdiction-major), as `judgeExportReadiness` gives them. */
  judgeVersion(modelId: string, version: string, jurisdictions: readonly string[], useCases: readonly string[]): JudgedVerdict[] {
    const modelKind = this.facts.models.get(modelId)?.kind ?? null;
    const v = versionLookups(this.facts, this.rules, modelId, version, this.indexes);
    const verdicts: JudgedVerdict[] = [];
    for (const jurisdiction of jurisdictions)
      for (const useCase of useCases) verdicts.push(judgeWith(this.rules, modelKind, v, { modelId, version, jurisdiction, useCase, asOf: this.asOf }));
    return verdicts;
  }

  /**
   * The status and validUntil of one model version for each jurisdiction × use case (jurisdiction-major): what
   * `judgeVersion` would give without the explanations (`judgeStanding`), for the readiness table.
   */
  standVersion(modelId: string, version: string, jurisdictions: readonly string[], useCases: readonly string[]): JudgedStanding[] {
    const v = versionLookups(this.facts, this.rules, modelId, version, this.indexes);
    const standings: JudgedStanding[] = [];
    for (const jurisdiction of jurisdictions)
      for (const useCase of useCases) {
        const { status, validUntil } = judgeStanding(this.rules, v, { modelId, version, jurisdiction, useCase, asOf: this.asOf });
        standings.push({ jurisdiction, useCase, status, validUntil });
      }
    return standings;
  }

  /** An instant as a number, parsed once per distinct text. */
  time(instant: string): number {
    let t = this.times.get(instant);
    if (t === undefined) this.times.set(instant, (t = toTime(instant)));
    return t;
  }

  private candidates(version: FrameworkVersion, requirement: Requirement): readonly EquivalenceFact[] {
    // A requirement object belongs to one framework version, so it keys the lookup (with the version checked).
    const cached = this.byRequirement.get(requirement);
    if (cached?.version === version) return cached.list;
    const list = this.byForeignRequirement.get(foreignKey(version.frameworkId, version.version, requirement.id)) ?? [];
    this.byRequirement.set(requirement, { version, list });
    return list;
  }
}

/** A verdict's standing for one jurisdiction and use case (`ReadinessJudge.standVersion`). */
export interface JudgedStanding extends VerdictStanding {
  readonly jurisdiction: string;
  readonly useCase: string;
}

const foreignKey = (framework: string, version: string, requirementId: string) => `${framework}\u0000${version}\u0000${requirementId}`;

/** The verdicts of one model version for every jurisdiction × use case asked, judged in one pass (see ReadinessJudge). */
export const judgeAllUseCases = (
  facts: VerdictFacts,
  modelId: string,
  version: string,
  jurisdictions: readonly string[],
  useCases: readonly string[],
  asOf: string,
): JudgedVerdict[] => new ReadinessJudge(facts, asOf).judgeVersion(modelId, version, jurisdictions, useCases);
