import { BareEvent, RecordedEvent, SqlExecutor } from '@registry/event-store';
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

/**
 * How a read model that applies a whole batch at once (`Projection.applyBatch`) folds one event of a type routed to
 * it into the batch's working set `W`: in memory, no I/O. The read model loads what the batch touches before the
 * fold and writes what changed after it.
 */
export type BatchEventHandler<E, W> = (event: E, work: W, recorded: BareEvent) => void;

/** Exactly one batch handler for each event type routed to `M`: no more, no fewer (as `EventHandlers`). */
export type BatchEventHandlers<M extends RoutedReadModel, W> = { readonly [T in RoutedTo<M>]: BatchEventHandler<RegistryEventOf<T>, W> };

/** A registry event routed to `M`, typed, with the recorded event it came from (read bare: `BareProjection`). */
export interface RoutedEvent<M extends RoutedReadModel> {
  readonly event: RegistryEventOf<RoutedTo<M>>;
  readonly recorded: BareEvent;
}

/**
 * The events of a batch that `handlers` handle, typed, in log order; events of types not routed to the read model,
 * and events that are not registry events at all, are left out (as `applyRouted` ignores them).
 */
export const routedEvents = <M extends RoutedReadModel>(handlers: { readonly [T in RoutedTo<M>]: unknown }, batch: readonly BareEvent[]): RoutedEvent<M>[] => {
  const routed: RoutedEvent<M>[] = [];
  for (const recorded of batch) {
    const event = toDomainEvent(recorded);
    if (event && Object.hasOwn(handlers, event.type)) routed.push({ event: event as unknown as RegistryEventOf<RoutedTo<M>>, recorded });
  }
  return routed;
};

/** Folds one routed event into a batch's working set through its handler. */
export const foldRouted = <M extends RoutedReadModel, W>(handlers: BatchEventHandlers<M, W>, work: W, { event, recorded }: RoutedEvent<M>): void => {
  const handler = (handlers as unknown as Record<string, BatchEventHandler<typeof event, W>>)[event.type];
  handler(event, work, recorded);
};

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
