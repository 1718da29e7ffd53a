import { VerdictFacts } from '@registry/domain';
import { ReadinessJudge } from '@registry/domain/verdict/readiness-judge';
import { RecomputeTarget } from './readiness-invalidation';

/** One row of the readiness table, as computed (the log position it was computed at is added when written). */
export interface ReadinessRowValues {
  readonly model_id: string;
  readonly version: string;
  readonly jurisdiction: string;
  readonly use_case: string;
  readonly status: string;
  readonly valid_until: string | null;
  /** When the row's answer can change with no new event (an expiry, a rule or recognition taking effect). */
  readonly reconsider_at: string | null;
}

/**
 * The readiness rows of model versions at one asOf: every target jurisdiction (Hong Kong included: judged on the
 * HK-AI Standard itself) × every
 * use case the version's certifications cover now (the question a firm or regulator asks about a model is
 * for a use case it was certified for). Each version is judged in one pass (ReadinessJudge); the instants at
 * which any verdict can change with time alone (frameworks and equivalences taking effect or lapsing) are
 * found once. Pure: no database; build one per recompute, while the facts do not change.
 */
export class ReadinessRows {
  private readonly judge: ReadinessJudge;
  private readonly at: number;
  /** Every target jurisdiction, sorted. */
  readonly jurisdictions: readonly string[];
  /** The earliest framework or equivalence instant after asOf (null: none). */
  private readonly nextRuleChange: string | null;

  constructor(
    private readonly facts: VerdictFacts,
    readonly asOf: string,
  ) {
    this.judge = new ReadinessJudge(facts, asOf);
    this.at = this.judge.time(asOf);
    this.jurisdictions = [...new Set([...facts.frameworks.values()].map((f) => f.jurisdiction))].sort();
    const instants: string[] = [];
    for (const f of facts.frameworks.values()) for (const v of f.versions) instants.push(v.data.effectiveFrom);
    for (const e of facts.equivalences.values()) instants.push(e.proposal.effectiveFrom, ...(e.proposal.effectiveUntil ? [e.proposal.effectiveUntil] : []));
    this.nextRuleChange = this.firstAfter(instants);
  }

  /** The rows of one model version (in its target's jurisdictions, or all), jurisdiction-major. */
  of(target: RecomputeTarget): ReadinessRowValues[] {
    const i = target.key.indexOf('/');
    const [modelId, version] = [target.key.slice(0, i), target.key.slice(i + 1)];
    const useCases = this.certifiedUseCases(target.key);
    if (useCases.length === 0) return [];
    const jurisdictions = target.jurisdictions ?? this.jurisdictions;
    const standings = this.judge.standVersion(modelId, version, jurisdictions, useCases);
    const versionChange = this.versionChange(target.key);
    return standings.map((s) => ({
      model_id: modelId,
      version,
      jurisdiction: s.jurisdiction,
      use_case: s.useCase,
      status: s.status,
      valid_until: s.validUntil,
      reconsider_at: this.earlier(s.validUntil, versionChange),
    }));
  }

  /** Use cases the version's certifications cover now (their latest scope by asOf, else the first). */
  private certifiedUseCases(key: string): string[] {
    const useCases = new Set<string>();
    for (const id of this.facts.certificationsByVersion.get(key) ?? []) {
      const c = this.facts.certifications.get(id)!;
      const scope = [...c.scopes].reverse().find((s) => this.judge.time(s.from) <= this.at) ?? c.scopes[0];
      for (const u of scope.scope.useCases) useCases.add(u);
    }
    return [...useCases].sort();
  }

  /** The earliest instant after asOf at which the version's verdicts can change with no new event, its verdicts' own validity aside. */
  private versionChange(key: string): string | null {
    const instants = this.nextRuleChange ? [this.nextRuleChange] : [];
    for (const id of this.facts.certificationsByVersion.get(key) ?? []) {
      const c = this.facts.certifications.get(id)!;
      instants.push(c.issued.validFrom, ...c.validity.map((v) => v.validUntil));
    }
    return this.firstAfter(instants);
  }

  /** The earlier of a verdict's own lapse and its version's next change, of those after asOf (of equal ones, the first). */
  private earlier(validUntil: string | null, versionChange: string | null): string | null {
    if (validUntil === null) return versionChange; // versionChange is after asOf already
    return versionChange === null ? this.firstAfter([validUntil]) : this.firstAfter([validUntil, versionChange]);
  }

  /** The earliest instant strictly after asOf (of equal ones, the first listed). */
  private firstAfter(instants: readonly string[]): string | null {
    let first: string | null = null;
    let firstTime = Infinity;
    for (const t of instants) {
      const x = this.judge.time(t);
      if (this.at < x && x < firstTime) [first, firstTime] = [t, x];
    }
    return first;
  }
}
