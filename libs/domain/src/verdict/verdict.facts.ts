import { assertNever } from '@registry/kernel';
import { certifierDecider, CertifierState } from '../certifier/certifier.decider';
import { CertificationIssued, CertificationScope, RequirementResult } from '../certification/certification.events';
import { EquivalenceProposed } from '../equivalence/equivalence.events';
import { ConditionEvidenceEvent } from '../evidence/evidence.events';
import { FrameworkVersion } from '../framework/framework.decider';
import { LocalisationEvent } from '../localisation/localisation.events';
import { ModelKind } from '../shared/values';
import { TrainingDataProvenanceRecorded } from '../provenance/provenance.events';
import { RegistryEvent, toDomainEvent, UntypedEvent } from '../registry-event';
import { SandboxRunEvent, TestSuiteEvent } from '../sandbox/sandbox.events';
import { TransferBasisEvent } from '../transfer-basis/transfer-basis.events';
import { EvidenceRef } from './verdict.types';
import { EncodedEvidence, EvidenceLookup, EvidenceTable, FactRef } from './evidence-table';

/** A period something holds: from an instant until another (null: still holds). */
export interface Period<T> {
  readonly from: string;
  readonly until: string | null;
  readonly value: T;
  /** The events that opened (and closed) it; one kept as itself (most periods are never closed): read with `periodRefs`. */
  readonly refs: FactRef | readonly FactRef[];
}

/** A period's references as a list. */
export const periodRefs = (p: Pick<Period<unknown>, 'refs'>): readonly FactRef[] => (typeof p.refs === 'number' ? [p.refs] : p.refs);

/** What a verdict reads of a certification's issue: the event's data without the restricted audit report digest. */
export type CertificationIssuedFact = Omit<CertificationIssued['data'], 'auditReportDigest'>;

export interface ValidityEntry {
  readonly from: string;
  readonly validUntil: string;
  readonly ref: FactRef;
}
export interface ScopeEntry {
  readonly from: string;
  readonly scope: CertificationScope;
  readonly results: readonly RequirementResult[];
  readonly ref: FactRef;
}

/** What a certification fact stores: its issue, and only what later events changed (null: nothing). */
export interface CertificationParts {
  readonly issued: CertificationIssuedFact;
  /** The reference. */
  readonly ref: FactRef;
  readonly renewals: readonly ValidityEntry[] | null;
  readonly amendments: readonly ScopeEntry[] | null;
  readonly suspensions: readonly Period<null>[];
  readonly revoked: { readonly at: string; readonly ref: FactRef } | null;
}

/**
 * A certification as the verdict weighs it. Most certifications are never renewed, amended or suspended, so the
 * fact keeps its issue and only what changed later; `validity`, `scopes` and `refs` are derived when read (the
 * issue's entry first). Immutable: `with` returns a new fact.
 */
export class CertificationFact implements CertificationParts {
  readonly issued: CertificationIssuedFact;
  readonly ref: FactRef;
  readonly renewals: readonly ValidityEntry[] | null;
  readonly amendments: readonly ScopeEntry[] | null;
  readonly suspensions: readonly Period<null>[];
  readonly revoked: { readonly at: string; readonly ref: FactRef } | null;

  constructor(p: CertificationParts) {
    this.issued = p.issued;
    this.ref = p.ref;
    this.renewals = p.renewals;
    this.amendments = p.amendments;
    this.suspensions = p.suspensions;
    this.revoked = p.revoked;
  }

  /** validUntil as it stood from each instant on (issue, then each renewal). */
  get validity(): readonly ValidityEntry[] {
    const first = { from: this.issued.issuedAt, validUntil: this.issued.validUntil, ref: this.ref };
    return this.renewals ? [first, ...this.renewals] : [first];
  }

  /** Scope and results as they stood from each instant on (issue, then each amendment). */
  get scopes(): readonly ScopeEntry[] {
    const first = { from: this.issued.issuedAt, scope: this.issued.scope, results: this.issued.results, ref: this.ref };
    return this.amendments ? [first, ...this.amendments] : [first];
  }

  /**
   * Every event of the certification that changed it, in log order: a table numbers references in the order its
   * builder applied them, so log order is numeric order.
   */
  get refs(): readonly FactRef[] {
    if (!this.renewals && !this.amendments && this.suspensions.length === 0 && !this.revoked) return [this.ref];
    const refs = [this.ref, ...(this.renewals ?? []).map((r) => r.ref), ...(this.amendments ?? []).map((a) => a.ref), ...this.suspensions.flatMap(periodRefs)];
    if (this.revoked) refs.push(this.revoked.ref);
    return refs.sort((a, b) => a - b);
  }

  /** This fact with a later event's changes. */
  with(changes: Partial<CertificationParts>): CertificationFact {
    return new CertificationFact({ ...this.parts(), ...changes });
  }

  /** What it stores, as a plain record (what a snapshot writes). */
  parts(): CertificationParts {
    const { issued, ref, renewals, amendments, suspensions, revoked } = this;
    return { issued, ref, renewals, amendments, suspensions, revoked };
  }
}

export interface EquivalenceFact {
  readonly proposal: EquivalenceProposed['data'];
  readonly countersigned: { at: string; ref: FactRef } | null;
  readonly rejected: { at: string; ref: FactRef } | null;
  readonly withdrawn: { at: string; ref: FactRef } | null;
  readonly refs: readonly FactRef[];
}

export interface ModelFact {
  readonly modelId: string;
  readonly firmId: string;
  readonly kind: ModelKind;
  readonly ref: FactRef;
  readonly versions: VersionMap;
}

export interface VersionFact {
  readonly weightsDigest: string;
  readonly deprecatedAt: string | null;
  /** The registration, then the deprecation if any. */
  readonly refs: readonly FactRef[] | FactRef;
  /** Ids of its certifications in issue order: one as itself (most versions have one), several as an array, none null. */
  readonly certifications: string | readonly string[] | null;
}

/**
 * A model's versions: an immutable map over two arrays, in registration order. A model has one to a few versions,
 * and a `Map` that small costs ≈ 190 bytes of hash table; `with` returns a new one.
 */
export class VersionMap implements ReadonlyMap<string, VersionFact> {
  static readonly EMPTY = new VersionMap([], []);

  private constructor(
    private readonly names: readonly string[],
    private readonly facts: readonly VersionFact[],
  ) {}

  static of(entries: Iterable<readonly [string, VersionFact]>): VersionMap {
    let map = VersionMap.EMPTY;
    for (const [k, v] of entries) map = map.with(k, v);
    return map;
  }

  /** This map with `version` set to `fact` (replaced in place of order if present, else added last). */
  with(version: string, fact: VersionFact): VersionMap {
    const i = this.names.indexOf(version);
    // concat and slice allocate exactly what they hold (a spread into a literal leaves room to grow).
    if (i < 0) return new VersionMap(this.names.concat(version), this.facts.concat(fact));
    const facts = this.facts.slice();
    facts[i] = fact;
    return new VersionMap(this.names, facts);
  }

  get size(): number {
    return this.names.length;
  }
  get(version: string): VersionFact | undefined {
    const i = this.names.indexOf(version);
    return i < 0 ? undefined : this.facts[i];
  }
  has(version: string): boolean {
    return this.names.includes(version);
  }
  *entries(): MapIterator<[string, VersionFact]> {
    for (let i = 0; i < this.names.length; i++) yield [this.names[i], this.facts[i]];
  }
  keys(): MapIterator<string> {
    return this.names[Symbol.iterator]();
  }
  values(): MapIterator<VersionFact> {
    return this.facts[Symbol.iterator]();
  }
  forEach(callback: (value: VersionFact, key: string, map: ReadonlyMap<string, VersionFact>) => void): void {
    for (let i = 0; i < this.names.length; i++) callback(this.facts[i], this.names[i], this);
  }
  [Symbol.iterator](): MapIterator<[string, VersionFact]> {
    return this.entries();
  }
}

/** Certification ids by `${modelId}/${version}`: a look-up, not a map of its own (the ids live in the version facts). */
export interface CertificationsByVersion {
  get(key: string): readonly string[] | undefined;
}

export interface Placement {
  readonly jurisdiction: string;
  readonly weightsDigest: string;
}

export interface TransferBasisFact {
  readonly basisId: string;
  readonly modelId: string;
  readonly origin: string;
  readonly destination: string;
  readonly mechanism: string;
  readonly recorded: { at: string; ref: FactRef };
  readonly withdrawn: { at: string; ref: FactRef } | null;
}

/** Everything the verdict needs, folded from events already cut at `knownAt`. Keys are entity ids. */
export interface VerdictFacts {
  readonly frameworks: ReadonlyMap<string, { jurisdiction: string; versions: readonly { data: FrameworkVersion; ref: FactRef }[] }>;
  readonly certifiers: ReadonlyMap<string, { state: CertifierState; refs: readonly FactRef[] }>;
  readonly models: ReadonlyMap<string, ModelFact>;
  readonly certifications: ReadonlyMap<string, CertificationFact>;
  /** certification ids by `${modelId}/${version}`, so a verdict does not scan every certification. */
  readonly certificationsByVersion: CertificationsByVersion;
  readonly equivalences: ReadonlyMap<string, EquivalenceFact>;
  /** key `${modelId}/${version}` */
  readonly localisations: ReadonlyMap<string, readonly Period<Placement>[]>;
  readonly transferBases: ReadonlyMap<string, TransferBasisFact>;
  /** key `${equivalenceId}/${conditionId}/${modelId}/${version}` */
  readonly conditionEvidence: ReadonlyMap<string, readonly Period<null>[]>;
  /** key `${modelId}/${version}`: each training-data provenance record, in log order (a later one replaces an earlier one from its time). */
  readonly provenance: ReadonlyMap<string, readonly ProvenanceFact[]>;
  /** Sandbox suites by suite id: the use cases each tests and its versions, in publication order. */
  readonly sandboxSuites: ReadonlyMap<string, SandboxSuiteFact>;
  /** key `${modelId}/${version}`: completed sandbox runs, in log order. */
  readonly sandboxRuns: ReadonlyMap<string, readonly SandboxRunFact[]>;
  /** The SandboxRunRequested event of each run id (cited with its completion). */
  readonly sandboxRequests: ReadonlyMap<string, FactRef>;
  /** What each `FactRef` of these facts refers to. */
  readonly evidence: EvidenceLookup;
}

export interface SandboxSuiteFact {
  readonly useCases: readonly string[];
  readonly versions: readonly { readonly version: string; readonly digest: string; readonly effectiveFrom: string; readonly ref: FactRef }[];
}

/** A completed sandbox run, as the verdict weighs it. */
export interface SandboxRunFact {
  readonly runId: string;
  readonly suiteId: string;
  readonly suiteVersion: string;
  readonly weightsDigest: string;
  readonly passed: boolean;
  readonly completedAt: string;
  readonly refs: readonly FactRef[];
}

/** What the verdict needs of one training-data provenance record. */
export interface ProvenanceFact {
  readonly recordedAt: string;
  readonly weightsDigest: string;
  /** Ids of the sources recorded without a legal basis. */
  readonly sourcesWithoutBasis: readonly string[];
  readonly ref: FactRef;
}

/**
 * One event as the builder receives it: a registry event (its type and data) and where it sits in the log.
 * A recorded event becomes one through `toDomainEvent` (events of other types are not fed to the builder).
 */
export type FactEvent = RegistryEvent & { readonly ref: EvidenceRef };

/** A recorded event (its type and data) as a fact event at `ref`; null when its type is not a registry event's. */
export const toFactEvent = (event: UntypedEvent, ref: EvidenceRef): FactEvent | null => {
  const e = toDomainEvent({ type: event.type, data: event.data });
  return e && { ...e, ref };
};

const versionKey = (modelId: string, version: string) => `${modelId}/${version}`;

/** The four model kinds, shared by every model of that kind. */
const KINDS: readonly ModelKind[] = [false, true].flatMap((generalPurpose) => [false, true].map((generative) => Object.freeze({ generative, generalPurpose })));
const sharedKind = (k: ModelKind): ModelKind =>
  typeof k?.generative === 'boolean' && typeof k.generalPurpose === 'boolean' ? KINDS[(k.generative ? 1 : 0) + (k.generalPurpose ? 2 : 0)] : k;

/**
 * What a verdict reads of a certification's issue, as an object literal with a fixed set of fields (a rest or a
 * spread of the event's data makes V8 store the fields out of line): without the restricted audit report digest.
 */
const issuedFact = (d: CertificationIssued['data'], scope: CertificationScope): CertificationIssuedFact => {
  const issued: CertificationIssuedFact = {
    certificationId: d.certificationId,
    certifierId: d.certifierId,
    modelId: d.modelId,
    modelVersion: d.modelVersion,
    weightsDigest: d.weightsDigest,
    frameworkVersion: d.frameworkVersion,
    scope,
    results: d.results,
    validFrom: d.validFrom,
    validUntil: d.validUntil,
    issuedAt: d.issuedAt,
  };
  // Cited runs are rare: only those certifications pay for the field stored out of line.
  return d.sandboxRunIds === undefined ? issued : { ...issued, sandboxRunIds: d.sandboxRunIds };
};

/**
 * `list` with `item` added last, as an array of exactly that length: a spread into an array literal leaves room to
 * grow, which the facts (never grown in place) would carry for good.
 */
const append = <T>(list: readonly T[] | null | undefined, item: T): T[] => (list ?? []).concat([item]);

const idList = (ids: string | readonly string[] | null): readonly string[] => (ids === null ? [] : typeof ids === 'string' ? [ids] : ids);

/** The look-up over a builder's models (model ids hold no '/') and its orphan certifications. */
const certificationsByVersion = (models: ReadonlyMap<string, ModelFact>, orphans: ReadonlyMap<string, readonly string[]>): CertificationsByVersion => ({
  get: (key) => {
    const slash = key.indexOf('/');
    const ids = slash < 0 ? null : (models.get(key.slice(0, slash))?.versions.get(key.slice(slash + 1))?.certifications ?? null);
    return ids === null ? orphans.get(key) : idList(ids);
  },
});
export const evidenceKey = (equivalenceId: string, conditionId: string, modelId: string, version: string) =>
  `${equivalenceId}/${conditionId}/${modelId}/${version}`;

/** Shared by every certification never suspended (most): an empty array is ≈ 32 bytes each. */
const NO_PERIODS: readonly Period<null>[] = Object.freeze([]);

/** Closes the open period (if any) at `at`. */
const close = <T>(periods: readonly Period<T>[], at: string, ref: FactRef): Period<T>[] =>
  periods.map((p) => (p.until === null ? { ...p, until: at, refs: append(periodRefs(p), ref) } : p));

/**
 * Folds the registry's events into verdict facts, one event at a time (so a live service applies only what
 * is new). Every registry event type is decided on (most are not facts), so it can be fed the whole log. `facts` is a live view: it
 * reflects every event applied so far.
 *
 * Every value held in the maps is replaced on change, never mutated, so `fork()` only copies the maps: a
 * fork is a cheap snapshot that later events applied to either builder do not disturb.
 */
export class VerdictFactsBuilder {
  private readonly frameworks = new Map<string, { jurisdiction: string; versions: { data: FrameworkVersion; ref: FactRef }[] }>();
  private readonly certifiers = new Map<string, { state: CertifierState; refs: FactRef[] }>();
  private readonly models = new Map<string, ModelFact>();
  private readonly certifications = new Map<string, CertificationFact>();
  /** Shared certification scopes (see `sharedScope`); a cache, not facts (a fork starts without). */
  private readonly scopes = new Map<string, CertificationScope>();
  /** Certifications issued for a version not registered (yet): none in a log the deciders wrote. */
  private readonly orphanCertifications = new Map<string, string[]>();
  private readonly equivalences = new Map<string, EquivalenceFact>();
  private readonly localisations = new Map<string, Period<Placement>[]>();
  private readonly transferBases = new Map<string, TransferBasisFact>();
  private readonly conditionEvidence = new Map<string, Period<null>[]>();
  private readonly provenance = new Map<string, ProvenanceFact[]>();
  private readonly sandboxSuites = new Map<string, SandboxSuiteFact>();
  private readonly sandboxRuns = new Map<string, SandboxRunFact[]>();
  private readonly sandboxRequests = new Map<string, FactRef>();

  readonly facts: VerdictFacts;
  private readonly table: EvidenceTable;

  /** @param table where this builder's references go: its own by default; a fork shares its parent's (append-only). */
  constructor(table: EvidenceTable = new EvidenceTable()) {
    this.table = table;
    this.facts = {
      frameworks: this.frameworks,
      certifiers: this.certifiers,
      models: this.models,
      certifications: this.certifications,
      certificationsByVersion: certificationsByVersion(this.models, this.orphanCertifications),
      equivalences: this.equivalences,
      localisations: this.localisations,
      transferBases: this.transferBases,
      conditionEvidence: this.conditionEvidence,
      provenance: this.provenance,
      sandboxSuites: this.sandboxSuites,
      sandboxRuns: this.sandboxRuns,
      sandboxRequests: this.sandboxRequests,
      evidence: this.table,
    };
  }

  /** A builder holding the same facts, independent from now on (copies the maps, shares the immutable values). */
  fork(): VerdictFactsBuilder {
    const copy = new VerdictFactsBuilder(this.table);
    const to = copy.maps();
    this.maps().forEach((from, i) => {
      for (const [k, v] of from) to[i].set(k, v);
    });
    return copy;
  }

  /**
   * The facts as plain JSON-ready chunks of at most `size` map entries each, map by map in a fixed order
   * (`restore` reads them back into an empty builder, entries in the same order, so maps iterate alike).
   * A generator, so a caller can yield to other work between chunks; iterate a `fork()` if the builder
   * keeps folding meanwhile.
   */
  *chunks(size: number): Generator<FactsChunk> {
    // The references first (a restore must number them as they were), in pieces of 50 × size.
    const end = this.table.size;
    for (let from = 0; from < end; from += size * 50)
      yield { part: 'evidence', entries: [[String(from), this.table.encode(from, Math.min(end, from + size * 50))]] };
    const maps = this.maps();
    for (let m = 0; m < maps.length; m++) {
      const part = FACTS_PARTS[m];
      let entries: [string, unknown][] = [];
      for (const [key, value] of maps[m]) {
        entries.push([key, part === 'models' ? encodeModel(value as ModelFact) : part === 'certifications' ? (value as CertificationFact).parts() : value]);
        if (entries.length >= size) {
          yield { part, entries };
          entries = [];
        }
      }
      if (entries.length) yield { part, entries };
    }
  }

  /** Adds one chunk of `chunks()` to this builder; throws on a chunk that is not one (a corrupt snapshot). */
  restore(chunk: FactsChunk): void {
    if (chunk.part === 'evidence' && Array.isArray(chunk.entries)) {
      for (const entry of chunk.entries as unknown[]) this.table.restore(Array.isArray(entry) ? (entry[1] as EncodedEvidence) : undefined);
      return;
    }
    const m = FACTS_PARTS.indexOf(chunk.part as FactsPart);
    if (m < 0 || !Array.isArray(chunk.entries)) throw new Error('VERDICT_FACTS.BAD_CHUNK');
    const map = this.maps()[m];
    for (const entry of chunk.entries as unknown[]) {
      if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || entry[1] === null || entry[1] === undefined)
        throw new Error('VERDICT_FACTS.BAD_ENTRY');
      const [key, value] = entry as [string, unknown];
      map.set(key, chunk.part === 'models' ? decodeModel(value) : chunk.part === 'certifications' ? decodeCertification(value) : value);
    }
  }

  /** Every map behind `facts`, in one order (what `fork` copies). */
  private maps(): Map<string, unknown>[] {
    return [
      this.frameworks,
      this.certifiers,
      this.models,
      this.certifications,
      this.orphanCertifications,
      this.equivalences,
      this.localisations,
      this.transferBases,
      this.conditionEvidence,
      this.provenance,
      this.sandboxSuites,
      this.sandboxRuns,
      this.sandboxRequests,
    ];
  }

  apply(e: FactEvent): void {
    if (NOT_FACTS.has(e.type)) return;
    const ref = this.table.add(e.ref);
    switch (e.type) {
      case 'FrameworkVersionPublished': {
        const f = this.frameworks.get(e.data.frameworkId);
        this.frameworks.set(e.data.frameworkId, {
          jurisdiction: f?.jurisdiction ?? e.data.jurisdiction,
          versions: append(f?.versions ?? [], { data: e.data, ref }),
        });
        return;
      }
      case 'CertifierAccredited':
      case 'AccreditationSuspended':
      case 'AccreditationReinstated':
      case 'AccreditationWithdrawn': {
        const c = this.certifiers.get(e.data.certifierId) ?? { state: certifierDecider.initialState(), refs: [] };
        this.certifiers.set(e.data.certifierId, { state: certifierDecider.evolve(c.state, e), refs: append(c.refs, ref) });
        return;
      }
      case 'ModelRegistered':
        this.models.set(e.data.modelId, { modelId: e.data.modelId, firmId: e.data.firmId, kind: sharedKind(e.data.kind), ref, versions: VersionMap.EMPTY });
        return;
      case 'ModelVersionRegistered': {
        const m = this.models.get(e.data.modelId);
        if (!m) return;
        const key = versionKey(e.data.modelId, e.data.version);
        const ids = [...idList(m.versions.get(e.data.version)?.certifications ?? null), ...(this.orphanCertifications.get(key) ?? [])];
        this.orphanCertifications.delete(key);
        this.models.set(m.modelId, {
          ...m,
          versions: m.versions.with(e.data.version, {
            weightsDigest: e.data.weightsDigest,
            deprecatedAt: null,
            refs: ref,
            certifications: ids.length === 0 ? null : ids.length === 1 ? ids[0] : ids,
          }),
        });
        return;
      }
      case 'ModelVersionDeprecated': {
        const m = this.models.get(e.data.modelId);
        const v = m?.versions.get(e.data.version);
        if (m && v)
          this.models.set(m.modelId, {
            ...m,
            versions: m.versions.with(e.data.version, {
              ...v,
              deprecatedAt: e.data.deprecatedAt,
              refs: append(typeof v.refs === 'number' ? [v.refs] : v.refs, ref),
            }),
          });
        return;
      }
      case 'CertificationIssued': {
        const d = e.data;
        const issued = issuedFact(d, this.sharedScope(d.scope));
        this.certifications.set(
          e.data.certificationId,
          new CertificationFact({ issued, ref, renewals: null, amendments: null, suspensions: NO_PERIODS, revoked: null }),
        );
        const m = this.models.get(d.modelId);
        const v = m?.versions.get(d.modelVersion);
        if (m && v) {
          const certifications = v.certifications === null ? d.certificationId : append(idList(v.certifications), d.certificationId);
          this.models.set(m.modelId, { ...m, versions: m.versions.with(d.modelVersion, { ...v, certifications }) });
        } else {
          const key = versionKey(d.modelId, d.modelVersion);
          this.orphanCertifications.set(key, append(this.orphanCertifications.get(key) ?? [], d.certificationId));
        }
        return;
      }
      case 'CertificationSuspended':
      case 'CertificationReinstated':
      case 'CertificationRevoked':
      case 'CertificationRenewed':
      case 'CertificationScopeAmended': {
        const c = this.certifications.get(e.data.certificationId);
        if (!c) return;
        const next =
          e.type === 'CertificationSuspended'
            ? c.with({ suspensions: append(c.suspensions, { from: e.data.suspendedAt, until: null, value: null, refs: ref }) })
            : e.type === 'CertificationReinstated'
              ? c.with({ suspensions: close(c.suspensions, e.data.reinstatedAt, ref) })
              : e.type === 'CertificationRevoked'
                ? c.with({ revoked: { at: e.data.revokedAt, ref } })
                : e.type === 'CertificationRenewed'
                  ? c.with({ renewals: append(c.renewals ?? [], { from: e.data.renewedAt, validUntil: e.data.validUntil, ref }) })
                  : c.with({
                      amendments: append(c.amendments ?? [], { from: e.data.amendedAt, scope: this.sharedScope(e.data.scope), results: e.data.results, ref }),
                    });
        this.certifications.set(e.data.certificationId, next);
        return;
      }
      case 'EquivalenceProposed':
        this.equivalences.set(e.data.equivalenceId, { proposal: e.data, countersigned: null, rejected: null, withdrawn: null, refs: [ref] });
        return;
      case 'EquivalenceCountersigned':
      case 'EquivalenceRejected':
      case 'EquivalenceWithdrawn': {
        const q = this.equivalences.get(e.data.equivalenceId);
        if (!q) return;
        const refs = append(q.refs, ref);
        this.equivalences.set(
          e.data.equivalenceId,
          e.type === 'EquivalenceCountersigned'
            ? { ...q, refs, countersigned: { at: e.data.countersignedAt, ref } }
            : e.type === 'EquivalenceRejected'
              ? { ...q, refs, rejected: { at: e.data.rejectedAt, ref } }
              : { ...q, refs, withdrawn: { at: e.data.withdrawnAt, ref } },
        );
        return;
      }
      case 'TrainingDataProvenanceRecorded':
        this.applyProvenance(e.data, ref);
        return;
      case 'TestSuitePublished':
      case 'SandboxRunRequested':
      case 'SandboxRunCompleted':
      case 'SandboxRunFailed':
        this.applySandbox(e, ref);
        return;
      case 'WeightsLocalisationRecorded':
      case 'WeightsRelocated':
      case 'LocalisationWithdrawn':
      case 'DataTransferBasisRecorded':
      case 'DataTransferBasisWithdrawn':
      case 'ConditionEvidenceRecorded':
      case 'ConditionEvidenceWithdrawn':
        applyRecordEvent(e, ref, this.localisations, this.transferBases, this.conditionEvidence);
        return;
      case 'FirmRegistered':
      case 'FirmRenamed':
      case 'RegulatorKeyRegistered':
      case 'RegulatorKeyWithdrawn':
      case 'PublicSectorSystemRegistered':
      case 'AuditCampaignOpened':
      case 'AuditorAssigned':
      case 'AuditOutcomeRecorded':
        return; // not facts of an export-readiness verdict
      default:
        assertNever(e);
    }
  }

  /** One object per distinct certification scope (a handful in a registry), so certifications share it. */
  private sharedScope(scope: CertificationScope): CertificationScope {
    if (!Array.isArray(scope?.useCases)) return scope;
    const key = `${scope.riskTier}\u0000${scope.useCases.join('\u0000')}`;
    const known = this.scopes.get(key);
    if (known) return known;
    if (this.scopes.size >= 1000) this.scopes.clear();
    this.scopes.set(key, scope);
    return scope;
  }

  private applyProvenance(d: TrainingDataProvenanceRecorded['data'], ref: FactRef): void {
    const key = versionKey(d.modelId, d.version);
    const fact: ProvenanceFact = {
      recordedAt: d.recordedAt,
      weightsDigest: d.weightsDigest,
      sourcesWithoutBasis: d.sources.filter((s) => s.legalBasis === null).map((s) => s.sourceId),
      ref,
    };
    this.provenance.set(key, append(this.provenance.get(key) ?? [], fact));
  }

  private applySandbox(e: TestSuiteEvent | SandboxRunEvent, ref: FactRef): void {
    switch (e.type) {
      case 'TestSuitePublished': {
        const s = this.sandboxSuites.get(e.data.suiteId);
        const version = { version: e.data.version, digest: e.data.digest, effectiveFrom: e.data.effectiveFrom, ref };
        this.sandboxSuites.set(e.data.suiteId, { useCases: e.data.useCases, versions: append(s?.versions ?? [], version) });
        return;
      }
      case 'SandboxRunRequested':
        this.sandboxRequests.set(e.data.runId, ref);
        return;
      case 'SandboxRunCompleted': {
        const d = e.data;
        const key = versionKey(d.modelId, d.modelVersion);
        const requested = this.sandboxRequests.get(d.runId);
        const fact: SandboxRunFact = {
          runId: d.runId,
          suiteId: d.suiteId,
          suiteVersion: d.suiteVersion,
          weightsDigest: d.weightsDigest,
          passed: d.passed,
          completedAt: d.completedAt,
          refs: requested ? [requested, ref] : [ref],
        };
        this.sandboxRuns.set(key, append(this.sandboxRuns.get(key) ?? [], fact));
        return;
      }
      case 'SandboxRunFailed':
        return; // not evidence either way: only a completed run is weighed
      default:
        assertNever(e);
    }
  }
}

/** Events that are no fact of a verdict: the builder takes them (it can be fed the whole log) and keeps nothing. */
const NOT_FACTS: ReadonlySet<RegistryEvent['type']> = new Set([
  'FirmRegistered',
  'FirmRenamed',
  'RegulatorKeyRegistered',
  'RegulatorKeyWithdrawn',
  'PublicSectorSystemRegistered',
  'AuditCampaignOpened',
  'AuditorAssigned',
  'AuditOutcomeRecorded',
]);

/** The maps of `VerdictFacts`, in the order `chunks()` writes them. */
export const FACTS_PARTS = [
  'frameworks',
  'certifiers',
  'models',
  'certifications',
  'certificationsByVersion',
  'equivalences',
  'localisations',
  'transferBases',
  'conditionEvidence',
  'provenance',
  'sandboxSuites',
  'sandboxRuns',
  'sandboxRequests',
] as const satisfies readonly (keyof VerdictFacts)[];

export type FactsPart = (typeof FACTS_PARTS)[number];

/**
 * Version of the serialised form of `chunks()`: bump it whenever a fact's shape changes, so a snapshot written
 * by an older build is ignored (and rebuilt) instead of read as something it is not.
 */
export const VERDICT_FACTS_FORMAT = 3;

/** Some entries of one map of the facts, JSON-ready. */
export interface FactsChunk {
  /** A map of the facts, or 'evidence': the references, `[from, EncodedEvidence]` per entry. */
  readonly part: FactsPart | 'evidence';
  readonly entries: readonly (readonly [string, unknown])[];
}

type EncodedModel = Omit<ModelFact, 'versions'> & { readonly versions: readonly [string, VersionFact][] };

const encodeModel = (m: ModelFact): EncodedModel => ({ ...m, versions: [...m.versions] });

const decodeCertification = (value: unknown): CertificationFact => {
  const c = value as CertificationParts;
  if (typeof c !== 'object' || typeof c.issued !== 'object' || c.issued === null || typeof c.ref !== 'number' || !Array.isArray(c.suspensions))
    throw new Error('VERDICT_FACTS.BAD_CERTIFICATION');
  return new CertificationFact(c);
};

const decodeModel = (value: unknown): ModelFact => {
  const m = value as EncodedModel;
  if (typeof m !== 'object' || typeof m.modelId !== 'string' || !Array.isArray(m.versions)) throw new Error('VERDICT_FACTS.BAD_MODEL');
  return { ...m, versions: VersionMap.of(m.versions) };
};

/** Facts from a finite list of events (e.g. the log cut at knownAt). */
export const buildVerdictFacts = (events: Iterable<FactEvent>): VerdictFacts => {
  const builder = new VerdictFactsBuilder();
  for (const event of events) builder.apply(event);
  return builder.facts;
};

/** Localisation records, transfer bases and condition evidence. */
const applyRecordEvent = (
  e: LocalisationEvent | TransferBasisEvent | ConditionEvidenceEvent,
  ref: FactRef,
  localisations: Map<string, Period<Placement>[]>,
  transferBases: Map<string, TransferBasisFact>,
  conditionEvidence: Map<string, Period<null>[]>,
) => {
  switch (e.type) {
    case 'WeightsLocalisationRecorded': {
      const d = e.data;
      const key = versionKey(d.modelId, d.version);
      localisations.set(
        key,
        append(localisations.get(key), {
          from: d.recordedAt,
          until: null,
          value: { jurisdiction: d.hostingJurisdiction, weightsDigest: d.weightsDigest },
          refs: ref,
        }),
      );
      return;
    }
    case 'WeightsRelocated': {
      const d = e.data;
      const key = versionKey(d.modelId, d.version);
      const periods = localisations.get(key) ?? [];
      const open = periods.find((p) => p.until === null);
      if (!open) return;
      localisations.set(key, [
        ...close(periods, d.relocatedAt, ref),
        { from: d.relocatedAt, until: null, value: { ...open.value, jurisdiction: d.hostingJurisdiction }, refs: append(periodRefs(open), ref) },
      ]);
      return;
    }
    case 'LocalisationWithdrawn': {
      const d = e.data;
      const key = versionKey(d.modelId, d.version);
      localisations.set(key, close(localisations.get(key) ?? [], d.withdrawnAt, ref));
      return;
    }
    case 'DataTransferBasisRecorded': {
      const d = e.data;
      transferBases.set(d.basisId, {
        basisId: d.basisId,
        modelId: d.modelId,
        origin: d.originJurisdiction,
        destination: d.destinationJurisdiction,
        mechanism: d.mechanism,
        recorded: { at: d.recordedAt, ref },
        withdrawn: null,
      });
      return;
    }
    case 'DataTransferBasisWithdrawn': {
      const d = e.data;
      const b = transferBases.get(d.basisId);
      if (b) transferBases.set(d.basisId, { ...b, withdrawn: { at: d.withdrawnAt, ref } });
      return;
    }
    case 'ConditionEvidenceRecorded': {
      const d = e.data;
      const key = evidenceKey(d.equivalenceId, d.conditionId, d.modelId, d.version);
      conditionEvidence.set(key, append(conditionEvidence.get(key) ?? [], { from: d.recordedAt, until: null, value: null, refs: ref }));
      return;
    }
    case 'ConditionEvidenceWithdrawn': {
      const d = e.data;
      const key = evidenceKey(d.equivalenceId, d.conditionId, d.modelId, d.version);
      conditionEvidence.set(key, close(conditionEvidence.get(key) ?? [], d.withdrawnAt, ref));
      return;
    }
    default:
      assertNever(e);
  }
};
