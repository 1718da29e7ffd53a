import { RecordedEvent, SqlExecutor } from '@registry/event-store';
import { RegistryEventOf, RegistryEventType, toDomainEvent } from '@registry/domain';

/** The read models that apply registry events one at a time (their `Projection.name`). */
export type RoutedReadModel = 'firms' | 'certifications' | 'credential-status' | 'public-sector' | 'sandbox-open-runs';

/**
 * Which of those read models each registry event changes: the one place where a new event is decided for
 * every one of them. A `Record` over the event union, so an event missing here fails to compile; each read
 * model's handlers are typed from this table (`EventHandlers`), so a read model named for an event fails to
 * compile until it handles it, and one not named cannot handle it by mistake. An empty list: no read model
 * here changes (the verdict facts, the readiness rows and the transparency tree decide on their own).
 */
export const EVENT_ROUTES = {
  FirmRegistered: ['firms'],
  FirmRenamed: ['firms'],
  FrameworkVersionPublished: [],
  CertifierAccredited: [],
  AccreditationSuspended: [],
  AccreditationReinstated: [],
  AccreditationWithdrawn: [],
  ModelRegistered: ['certifications'],
  ModelVersionRegistered: [],
  ModelVersionDeprecated: [],
  CertificationIssued: ['certifications', 'credential-status'],
  CertificationSuspended: ['certifications', 'credential-status'],
  CertificationReinstated: ['certifications', 'credential-status'],
  CertificationRevoked: ['certifications', 'credential-status'],
  CertificationRenewed: ['certifications'],
  CertificationScopeAmended: ['certifications'],
  EquivalenceProposed: [],
  EquivalenceCountersigned: [],
  EquivalenceRejected: [],
  EquivalenceWithdrawn: [],
  RegulatorKeyRegistered: [],
  RegulatorKeyWithdrawn: [],
  WeightsLocalisationRecorded: [],
  WeightsRelocated: [],
  LocalisationWithdrawn: [],
  DataTransferBasisRecorded: [],
  DataTransferBasisWithdrawn: [],
  ConditionEvidenceRecorded: [],
  ConditionEvidenceWithdrawn: [],
  TestSuitePublished: [],
  SandboxRunRequested: ['sandbox-open-runs'],
  SandboxRunCompleted: ['sandbox-open-runs'],
  SandboxRunFailed: ['sandbox-open-runs'],
  PublicSectorSystemRegistered: ['public-sector'],
  AuditCampaignOpened: ['public-sector'],
  AuditorAssigned: ['public-sector'],
  AuditOutcomeRecorded: ['public-sector'],
  TrainingDataProvenanceRecorded: [],
} as const satisfies Readonly<Record<RegistryEventType, readonly RoutedReadModel[]>>;

/** The event types routed to one read model. */
export type RoutedTo<M extends RoutedReadModel> = {
  [T in RegistryEventType]: M extends (typeof EVENT_ROUTES)[T][number] ? T : never;
}[RegistryEventType];

/** How a read model applies one event of a type routed to it, in the batch's transaction. */
export type EventHandler<E> = (event: E, tx: SqlExecutor, recorded: RecordedEvent) => Promise<void>;

/** Exactly one handler for each event type routed to `M`: no more, no fewer. */
export type EventHandlers<M extends RoutedReadModel> = { readonly [T in RoutedTo<M>]: EventHandler<RegistryEventOf<T>> };

/** The types routed to `model` at run time (for tests and docs). */
export const routedTo = (model: RoutedReadModel): RegistryEventType[] =>
  (Object.entries(EVENT_ROUTES) as [RegistryEventType, readonly RoutedReadModel[]][]).filter(([, models]) => models.includes(model)).map(([type]) => type);

/**
 * Applies a recorded event through a read model's handlers: events of types not routed to it, and events that
 * are not registry events at all (written by another program or a later version), change nothing.
 */
export const applyRouted = async <M extends RoutedReadModel>(handlers: EventHandlers<M>, tx: SqlExecutor, recorded: RecordedEvent): Promise<void> => {
  const event = toDomainEvent(recorded);
  if (!event) return;
  const handler = (handlers as Partial<Record<RegistryEventType, EventHandler<typeof event>>>)[event.type];
  if (handler) await handler(event, tx, recorded);
};
