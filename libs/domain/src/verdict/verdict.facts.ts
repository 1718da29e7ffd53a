import { fold } from '@registry/kernel';
import { certifierDecider, CertifierState } from '../certifier/certifier.decider';
import { CertifierEvent } from '../certifier/certifier.events';
import { CertificationEvent, CertificationIssued, CertificationScope, RequirementResult } from '../certification/certification.events';
import { EquivalenceEvent, EquivalenceProposed } from '../equivalence/equivalence.events';
import { FrameworkVersion } from '../framework/framework.decider';
import { FrameworkEvent } from '../framework/framework.events';
import { ModelEvent } from '../model/model.events';
import { ModelKind } from '../shared/values';
import { EvidenceRef } from './verdict.types';

/** A period something holds: from an instant until another (null: still holds). */
export interface Period<T> {
  readonly from: string;
  readonly until: string | null;
  readonly value: T;
  readonly refs: readonly EvidenceRef[];
}

export interface CertificationFact {
  readonly issued: CertificationIssued['data'];
  /** validUntil as it stood from each instant on (issue, then each renewal). */
  readonly validity: readonly { from: string; validUntil: string; ref: EvidenceRef }[];
  readonly scopes: readonly { from: string; scope: CertificationScope; results: readonly RequirementResult[]; ref: EvidenceRef }[];
  readonly suspensions: readonly Period<null>[];
  readonly revoked: { at: string; ref: EvidenceRef } | null;
  readonly refs: readonly EvidenceRef[];
}

export interface EquivalenceFact {
  readonly proposal: EquivalenceProposed['data'];
  readonly countersigned: { at: string; ref: EvidenceRef } | null;
  readonly rejected: { at: string; ref: EvidenceRef } | null;
  readonly withdrawn: { at: string; ref: EvidenceRef } | null;
  readonly refs: readonly EvidenceRef[];
}

export interface ModelFact {
  readonly modelId: string;
  readonly firmId: string;
  readonly kind: ModelKind;
  readonly ref: EvidenceRef;
  readonly versions: ReadonlyMap<string, { weightsDigest: string; deprecatedAt: string | null; refs: readonly EvidenceRef[] }>;
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
  readonly recorded: { at: string; ref: EvidenceRef };
  readonly withdrawn: { at: string; ref: EvidenceRef } | null;
}

/** Everything the verdict needs, folded from events already cut at `knownAt`. Keys are entity ids. */
export interface VerdictFacts {
  readonly frameworks: ReadonlyMap<string, { jurisdiction: string; versions: readonly { data: FrameworkVersion; ref: EvidenceRef }[] }>;
  readonly certifiers: ReadonlyMap<string, { state: CertifierState; refs: readonly EvidenceRef[] }>;
  readonly models: ReadonlyMap<string, ModelFact>;
  readonly certifications: ReadonlyMap<string, CertificationFact>;
  readonly equivalences: ReadonlyMap<string, EquivalenceFact>;
  /** key `${modelId}/${version}` */
  readonly localisations: ReadonlyMap<string, readonly Period<Placement>[]>;
  readonly transferBases: ReadonlyMap<string, TransferBasisFact>;
  /** key `${equivalenceId}/${conditionId}/${modelId}/${version}` */
  readonly conditionEvidence: ReadonlyMap<string, readonly Period<null>[]>;
}

/** One event as the builder receives it: its type and data, and where it sits in the log. */
export interface FactEvent {
  readonly type: string;
  readonly data: any;
  readonly ref: EvidenceRef;
}

const versionKey = (modelId: string, version: string) => `${modelId}/${version}`;
export const evidenceKey = (equivalenceId: string, conditionId: string, modelId: string, version: string) => `${equivalenceId}/${conditionId}/${modelId}/${version}`;

/** Closes the open period (if any) at `at`. */
const close = <T>(periods: readonly Period<T>[], at: string, ref: EvidenceRef): Period<T>[] =>
  periods.map((p) => (p.until === null ? { ...p, until: at, refs: [...p.refs, ref] } : p));

/**
 * Folds the registry's events into verdict facts. Pure and order-sensitive only in log order (the order the
 * store returns). Unknown event types are ignored, so the builder can be fed the whole log.
 */
export const buildVerdictFacts = (events: Iterable<FactEvent>): VerdictFacts => {
  const frameworks = new Map<string, { jurisdiction: string; versions: { data: FrameworkVersion; ref: EvidenceRef }[] }>();
  const certifierEvents = new Map<string, { events: CertifierEvent[]; refs: EvidenceRef[] }>();
  const models = new Map<string, ModelFact>();
  const certifications = new Map<string, CertificationFact>();
  const equivalences = new Map<string, EquivalenceFact>();
  const localisations = new Map<string, Period<Placement>[]>();
  const transferBases = new Map<string, TransferBasisFact>();
  const conditionEvidence = new Map<string, Period<null>[]>();

  for (const { type, data, ref } of events) {
    const e = { type, data } as FrameworkEvent | CertifierEvent | ModelEvent | CertificationEvent | EquivalenceEvent;
    switch (e.type) {
      case 'FrameworkVersionPublished': {
        const f = frameworks.get(e.data.frameworkId) ?? { jurisdiction: e.data.jurisdiction, versions: [] };
        f.versions.push({ data: e.data, ref });
        frameworks.set(e.data.frameworkId, f);
        break;
      }
      case 'CertifierAccredited':
      case 'AccreditationSuspended':
      case 'AccreditationReinstated':
      case 'AccreditationWithdrawn': {
        const c = certifierEvents.get(e.data.certifierId) ?? { events: [], refs: [] };
        c.events.push(e);
        c.refs.push(ref);
        certifierEvents.set(e.data.certifierId, c);
        break;
      }
      case 'ModelRegistered':
        models.set(e.data.modelId, { modelId: e.data.modelId, firmId: e.data.firmId, kind: e.data.kind, ref, versions: new Map() });
        break;
      case 'ModelVersionRegistered': {
        const m = models.get(e.data.modelId);
        (m?.versions as Map<string, unknown> | undefined)?.set(e.data.version, { weightsDigest: e.data.weightsDigest, deprecatedAt: null, refs: [ref] });
        break;
      }
      case 'ModelVersionDeprecated': {
        const v = models.get(e.data.modelId)?.versions.get(e.data.version);
        if (v) (models.get(e.data.modelId)!.versions as Map<string, unknown>).set(e.data.version, { ...v, deprecatedAt: e.data.deprecatedAt, refs: [...v.refs, ref] });
        break;
      }
      case 'CertificationIssued':
        certifications.set(e.data.certificationId, {
          issued: e.data,
          validity: [{ from: e.data.issuedAt, validUntil: e.data.validUntil, ref }],
          scopes: [{ from: e.data.issuedAt, scope: e.data.scope, results: e.data.results, ref }],
          suspensions: [],
          revoked: null,
          refs: [ref],
        });
        break;
      case 'CertificationSuspended':
      case 'CertificationReinstated':
      case 'CertificationRevoked':
      case 'CertificationRenewed':
      case 'CertificationScopeAmended': {
        const c = certifications.get(e.data.certificationId);
        if (!c) break;
        const refs = [...c.refs, ref];
        const next: CertificationFact =
          e.type === 'CertificationSuspended'
            ? { ...c, refs, suspensions: [...c.suspensions, { from: e.data.suspendedAt, until: null, value: null, refs: [ref] }] }
            : e.type === 'CertificationReinstated'
              ? { ...c, refs, suspensions: close(c.suspensions, e.data.reinstatedAt, ref) }
              : e.type === 'CertificationRevoked'
                ? { ...c, refs, revoked: { at: e.data.revokedAt, ref } }
                : e.type === 'CertificationRenewed'
                  ? { ...c, refs, validity: [...c.validity, { from: e.data.renewedAt, validUntil: e.data.validUntil, ref }] }
                  : { ...c, refs, scopes: [...c.scopes, { from: e.data.amendedAt, scope: e.data.scope, results: e.data.results, ref }] };
        certifications.set(e.data.certificationId, next);
        break;
      }
      case 'EquivalenceProposed':
        equivalences.set(e.data.equivalenceId, { proposal: e.data, countersigned: null, rejected: null, withdrawn: null, refs: [ref] });
        break;
      case 'EquivalenceCountersigned':
      case 'EquivalenceRejected':
      case 'EquivalenceWithdrawn': {
        const q = equivalences.get(e.data.equivalenceId);
        if (!q) break;
        const refs = [...q.refs, ref];
        equivalences.set(
          e.data.equivalenceId,
          e.type === 'EquivalenceCountersigned'
            ? { ...q, refs, countersigned: { at: e.data.countersignedAt, ref } }
            : e.type === 'EquivalenceRejected'
              ? { ...q, refs, rejected: { at: e.data.rejectedAt, ref } }
              : { ...q, refs, withdrawn: { at: e.data.withdrawnAt, ref } },
        );
        break;
      }
      default:
        applyRecordEvent(type, data, ref, localisations, transferBases, conditionEvidence);
    }
  }

  const certifiers = new Map(
    [...certifierEvents].map(([id, c]) => [id, { state: fold(certifierDecider, c.events), refs: c.refs }] as const),
  );
  return { frameworks, certifiers, models, certifications, equivalences, localisations, transferBases, conditionEvidence };
};

/** Localisation records, transfer bases and condition evidence. */
const applyRecordEvent = (
  type: string,
  d: any,
  ref: EvidenceRef,
  localisations: Map<string, Period<Placement>[]>,
  transferBases: Map<string, TransferBasisFact>,
  conditionEvidence: Map<string, Period<null>[]>,
) => {
  switch (type) {
    case 'WeightsLocalisationRecorded': {
      const key = versionKey(d.modelId, d.version);
      localisations.set(key, [...(localisations.get(key) ?? []), { from: d.recordedAt, until: null, value: { jurisdiction: d.hostingJurisdiction, weightsDigest: d.weightsDigest }, refs: [ref] }]);
      return;
    }
    case 'WeightsRelocated': {
      const key = versionKey(d.modelId, d.version);
      const periods = localisations.get(key) ?? [];
      const open = periods.find((p) => p.until === null);
      if (!open) return;
      localisations.set(key, [...close(periods, d.relocatedAt, ref), { from: d.relocatedAt, until: null, value: { ...open.value, jurisdiction: d.hostingJurisdiction }, refs: [...open.refs, ref] }]);
      return;
    }
    case 'LocalisationWithdrawn': {
      const key = versionKey(d.modelId, d.version);
      localisations.set(key, close(localisations.get(key) ?? [], d.withdrawnAt, ref));
      return;
    }
    case 'DataTransferBasisRecorded':
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
    case 'DataTransferBasisWithdrawn': {
      const b = transferBases.get(d.basisId);
      if (b) transferBases.set(d.basisId, { ...b, withdrawn: { at: d.withdrawnAt, ref } });
      return;
    }
    case 'ConditionEvidenceRecorded': {
      const key = evidenceKey(d.equivalenceId, d.conditionId, d.modelId, d.version);
      conditionEvidence.set(key, [...(conditionEvidence.get(key) ?? []), { from: d.recordedAt, until: null, value: null, refs: [ref] }]);
      return;
    }
    case 'ConditionEvidenceWithdrawn': {
      const key = evidenceKey(d.equivalenceId, d.conditionId, d.modelId, d.version);
      conditionEvidence.set(key, close(conditionEvidence.get(key) ?? [], d.withdrawnAt, ref));
      return;
    }
    default:
      return;
  }
};
