import { comparePositions, LogPosition } from '@registry/event-store';
import { RegistryEvent, VerdictFacts } from '@registry/domain';
import { assertNever } from '@registry/kernel';

/**
 * Which readiness rows an event can change: pure functions of the events and the facts they were folded
 * into, no database and no Nest (readiness-invalidation.spec.ts).
 */

/** A set of model versions whose rows an event can change. */
export type Slice =
  | { readonly kind: 'ALL' }
  | { readonly kind: 'CERTIFIER'; readonly certifierId: string }
  /** Versions certified for any of these use cases (null: any). */
  | { readonly kind: 'USE_CASES'; readonly useCases: readonly string[] | null };

/** Rows to recompute: a model version, in some target jurisdictions (null: all of them). */
export interface RecomputeTarget {
  readonly key: string;
  readonly jurisdictions: readonly string[] | null;
}

/** Changes marked and not yet written: whole model versions, and slices (each limited to one target jurisdiction when the change is). */
export interface PendingChanges {
  readonly versions: Set<string>;
  slices: { slice: Slice; jurisdiction: string | null }[];
}

/** An event as the readiness model receives it: a registry event at its log position. */
export type PositionedEvent = RegistryEvent & { readonly position: LogPosition };

export const noChanges = (): PendingChanges => ({ versions: new Set(), slices: [] });

/** How many changes are waiting (versions plus slices). */
export const pendingCount = (changes: PendingChanges | null): number => (changes ? changes.versions.size + changes.slices.length : 0);

/** Adds `from` into `into` (a failed update's changes put back): versions united, slices without repeats. */
export const mergeChanges = (into: PendingChanges, from: PendingChanges): void => {
  for (const key of from.versions) into.versions.add(key);
  into.slices = uniqueSlices([...from.slices, ...into.slices]);
};

const uniqueSlices = (slices: PendingChanges['slices']): PendingChanges['slices'] => [...new Map(slices.map((s) => [JSON.stringify(s), s])).values()];

/**
 * Marks in `changes` the rows each event can change. `facts` are the facts the events were just folded into;
 * events at or before `current` (the position the rows were last computed at) are already in the rows.
 */
export const markEvents = (changes: PendingChanges, events: readonly PositionedEvent[], facts: VerdictFacts, current: LogPosition | null): void => {
  for (const event of events) {
    if (current && comparePositions(event.position, current) <= 0) continue; // already in the rows
    markEvent(changes, event, facts);
  }
};

const markEvent = (changes: PendingChanges, event: RegistryEvent, facts: VerdictFacts): void => {
  switch (event.type) {
    case 'ModelVersionRegistered':
    case 'ModelVersionDeprecated':
    case 'WeightsLocalisationRecorded':
    case 'WeightsRelocated':
    case 'LocalisationWithdrawn':
    case 'ConditionEvidenceRecorded':
    case 'ConditionEvidenceWithdrawn':
    case 'TrainingDataProvenanceRecorded':
      changes.versions.add(`${event.data.modelId}/${event.data.version}`);
      return;
    case 'CertificationIssued':
    case 'SandboxRunCompleted':
      changes.versions.add(`${event.data.modelId}/${event.data.modelVersion}`);
      return;
    case 'CertificationSuspended':
    case 'CertificationReinstated':
    case 'CertificationRevoked':
    case 'CertificationRenewed':
    case 'CertificationScopeAmended': {
      const issued = facts.certifications.get(event.data.certificationId)?.issued;
      if (issued) changes.versions.add(`${issued.modelId}/${issued.modelVersion}`);
      return;
    }
    case 'DataTransferBasisRecorded':
    case 'DataTransferBasisWithdrawn':
      // Resolved now, not kept as a slice: a slice costs a scan of every version at the next update, and
      // a catch-up from position 0 would otherwise queue one per event (quadratic; measured 16 min at 100k).
      for (const version of facts.models.get(event.data.modelId)?.versions.keys() ?? []) changes.versions.add(`${event.data.modelId}/${version}`);
      return;
    case 'FrameworkVersionPublished':
      // A new target jurisdiction adds rows to every version; a known one changes only its own rows.
      changes.slices.push({ slice: { kind: 'ALL' }, jurisdiction: isKnownJurisdiction(facts, event.data) ? event.data.jurisdiction : null });
      return;
    case 'EquivalenceProposed':
    case 'EquivalenceCountersigned':
    case 'EquivalenceRejected':
    case 'EquivalenceWithdrawn': {
      const proposal = facts.equivalences.get(event.data.equivalenceId)?.proposal;
      changes.slices.push({
        slice: { kind: 'USE_CASES', useCases: proposal?.scope.useCases ?? null },
        jurisdiction: proposal?.foreignJurisdiction ?? null,
      });
      return;
    }
    case 'TestSuitePublished':
      // A new suite version changes, from its effectiveFrom, every version judged for the use cases it tests.
      changes.slices.push({ slice: { kind: 'USE_CASES', useCases: event.data.useCases }, jurisdiction: null });
      return;
    case 'CertifierAccredited':
    case 'AccreditationSuspended':
    case 'AccreditationReinstated':
    case 'AccreditationWithdrawn':
      changes.slices.push({ slice: { kind: 'CERTIFIER', certifierId: event.data.certifierId }, jurisdiction: null });
      return;
    case 'ModelRegistered': // a new model has no versions yet; each version marks itself when registered
    case 'SandboxRunRequested': // not evidence either way: only a completed run changes a verdict
    case 'SandboxRunFailed':
    case 'FirmRegistered': // no verdict reads the rest
    case 'FirmRenamed':
    case 'RegulatorKeyRegistered':
    case 'RegulatorKeyWithdrawn':
    case 'PublicSectorSystemRegistered':
    case 'AuditCampaignOpened':
    case 'AuditorAssigned':
    case 'AuditOutcomeRecorded':
      return;
    default:
      assertNever(event);
  }
};

/**
 * The rows to recompute for these changes, plus the versions whose rows are due for reconsideration (an
 * expiry or a rule taking effect has passed): each version once, with the jurisdictions to redo (null: all).
 */
export const recomputeTargets = (changes: PendingChanges, facts: VerdictFacts, due: Iterable<string>): RecomputeTarget[] => {
  const targets = new Map<string, Set<string> | null>();
  const add = (key: string, jurisdiction: string | null) => {
    const current = targets.get(key);
    if (current === null) return;
    if (jurisdiction === null) targets.set(key, null);
    else targets.set(key, (current ?? new Set()).add(jurisdiction));
  };
  for (const key of changes.versions) add(key, null);
  const slices = uniqueSlices(changes.slices);
  if (slices.length)
    for (const key of allVersionKeys(facts)) {
      // A version already redone whole gains nothing from a slice (a first build marks every version whole).
      if (targets.get(key) === null) continue;
      for (const { slice, jurisdiction } of slices) if (sliceTouches(facts, key, slice)) add(key, jurisdiction);
    }
  for (const key of due) add(key, null);
  return [...targets].map(([key, j]) => ({ key, jurisdictions: j ? [...j] : null }));
};

/** Whether a framework event is for a jurisdiction that already has a framework other than the one published. */
const isKnownJurisdiction = (facts: VerdictFacts, data: { frameworkId: string; jurisdiction: string }) =>
  [...facts.frameworks].some(([id, f]) => f.jurisdiction === data.jurisdiction && (id !== data.frameworkId || f.versions.length > 1));

export const allVersionKeys = (facts: VerdictFacts): string[] =>
  [...facts.models.values()].flatMap((m) => [...m.versions.keys()].map((v) => `${m.modelId}/${v}`));

export const sliceTouches = (facts: VerdictFacts, key: string, slice: Slice): boolean => {
  const certifications = (facts.certificationsByVersion.get(key) ?? []).map((id) => facts.certifications.get(id)!);
  switch (slice.kind) {
    case 'ALL':
      return true;
    case 'CERTIFIER':
      return certifications.some((c) => c.issued.certifierId === slice.certifierId);
    case 'USE_CASES': {
      if (slice.useCases === null) return true;
      const certified = new Set(certifications.flatMap((c) => c.scopes.flatMap((s) => s.scope.useCases)));
      return slice.useCases.some((u) => certified.has(u));
    }
    default:
      return assertNever(slice);
  }
};
