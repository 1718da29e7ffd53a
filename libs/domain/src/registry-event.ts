import { CertificationEvent } from './certification/certification.events';
import { CertifierEvent } from './certifier/certifier.events';
import { EquivalenceEvent } from './equivalence/equivalence.events';
import { ConditionEvidenceEvent } from './evidence/evidence.events';
import { FirmEvent } from './firm/firm.events';
import { FrameworkEvent } from './framework/framework.events';
import { LocalisationEvent } from './localisation/localisation.events';
import { ModelEvent } from './model/model.events';
import { ProvenanceEvent } from './provenance/provenance.events';
import { AuditCampaignEvent } from './public-sector/audit-campaign.events';
import { PublicSectorSystemEvent } from './public-sector/public-sector-system.events';
import { RegulatorKeyEvent } from './regulator-key/regulator-key.events';
import { SandboxRunEvent, TestSuiteEvent } from './sandbox/sandbox.events';
import { TransferBasisEvent } from './transfer-basis/transfer-basis.events';

/**
 * Every event any decider of the registry can decide: the one type consumers of the log (projections, the
 * verdict facts, the readiness invalidation) switch over, each with an `assertNever` default, so that adding
 * an event to a decider fails to compile until every consumer has decided what it means for it.
 */
export type RegistryEvent =
  | FirmEvent
  | FrameworkEvent
  | CertifierEvent
  | ModelEvent
  | CertificationEvent
  | EquivalenceEvent
  | RegulatorKeyEvent
  | LocalisationEvent
  | TransferBasisEvent
  | ConditionEvidenceEvent
  | TestSuiteEvent
  | SandboxRunEvent
  | PublicSectorSystemEvent
  | AuditCampaignEvent
  | ProvenanceEvent;

export type RegistryEventType = RegistryEvent['type'];

/** The event of a given type. */
export type RegistryEventOf<T extends RegistryEventType> = Extract<RegistryEvent, { readonly type: T }>;

/**
 * Every event type at run time. A `Record` over the union: a type missing here, or one that no decider
 * decides, fails to compile.
 */
const EVENT_TYPES: Readonly<Record<RegistryEventType, true>> = {
  FirmRegistered: true,
  FirmRenamed: true,
  FrameworkVersionPublished: true,
  CertifierAccredited: true,
  AccreditationSuspended: true,
  AccreditationReinstated: true,
  AccreditationWithdrawn: true,
  ModelRegistered: true,
  ModelVersionRegistered: true,
  ModelVersionDeprecated: true,
  CertificationIssued: true,
  CertificationSuspended: true,
  CertificationReinstated: true,
  CertificationRevoked: true,
  CertificationRenewed: true,
  CertificationScopeAmended: true,
  EquivalenceProposed: true,
  EquivalenceCountersigned: true,
  EquivalenceRejected: true,
  EquivalenceWithdrawn: true,
  RegulatorKeyRegistered: true,
  RegulatorKeyWithdrawn: true,
  WeightsLocalisationRecorded: true,
  WeightsRelocated: true,
  LocalisationWithdrawn: true,
  DataTransferBasisRecorded: true,
  DataTransferBasisWithdrawn: true,
  ConditionEvidenceRecorded: true,
  ConditionEvidenceWithdrawn: true,
  TestSuitePublished: true,
  SandboxRunRequested: true,
  SandboxRunCompleted: true,
  SandboxRunFailed: true,
  PublicSectorSystemRegistered: true,
  AuditCampaignOpened: true,
  AuditorAssigned: true,
  AuditOutcomeRecorded: true,
  TrainingDataProvenanceRecorded: true,
};

export const REGISTRY_EVENT_TYPES: readonly RegistryEventType[] = Object.keys(EVENT_TYPES) as RegistryEventType[];

export const isRegistryEventType = (type: string): type is RegistryEventType => Object.prototype.hasOwnProperty.call(EVENT_TYPES, type);

/** What the store hands back, as far as the domain needs to know it (structurally a `RecordedEvent`). */
export interface UntypedEvent {
  readonly type: string;
  readonly data: unknown;
}

/** A recorded event typed as the registry event it holds, everything else the store recorded kept as it was. */
export type DomainEventOf<R extends UntypedEvent> = Omit<R, 'type' | 'data'> & RegistryEvent;

/**
 * The store boundary: a recorded event (anything with a `type` and `data`, e.g. the event store's
 * `RecordedEvent`) as a `RegistryEvent`, or null when its type is not one the registry's deciders decide
 * (an event written by another program or a later version; consumers skip it).
 *
 * The type is checked; the data is trusted to be the shape its type names, as every event in the log was
 * decided by the decider of its type (a change of shape is a new `schemaVersion`, upcast before this point).
 * The domain does not import the store (test/architecture/layers.spec.ts), so the parameter is structural.
 */
export const toDomainEvent = <R extends UntypedEvent>(recorded: R): DomainEventOf<R> | null =>
  isRegistryEventType(recorded.type) ? (recorded as unknown as DomainEventOf<R>) : null;
