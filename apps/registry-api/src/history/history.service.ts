import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, formatPosition, LogPosition, RecordedEvent } from '@registry/event-store';
import { HistoryEvent, Role } from '@registry/contract';
import { redact } from '../auth/visibility';
import { mapBounded } from '../graphql/bounded';

/** Stream reads of one batch in flight at once (see mapBounded). */
const BATCH_READS_IN_FLIGHT = 4;

/** An entity's history is its stream, read straight from the log (no read model can lag it). */
@Injectable()
export class HistoryService {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * `entitled`: whether the caller may see restricted payload fields (see auth/visibility.ts);
   * `authenticated`: whether it may see who and which request caused each event (see toHistoryEvent).
   * Callers that do not know who is asking should pass `authenticated: false`; the default keeps the
   * equivalence view (built in a query handler without the caller) as it was.
   */
  async of(streamId: string, entitled = true, knownAt?: LogPosition, authenticated = true): Promise<HistoryEvent[]> {
    const { events } = await this.store.readStream(streamId, knownAt ? { knownAt } : {});
    return events.map((e) => toHistoryEvent(e, entitled, authenticated));
  }

  /**
   * The events of several streams, one read per stream, for the per-request loader (graphql/loaders.ts):
   * a page of certifications asking for the same certifier's history reads that stream once.
   */
  eventsOf(streamIds: readonly string[]): Promise<(readonly RecordedEvent[])[]> {
    return mapBounded(streamIds, BATCH_READS_IN_FLIGHT, async (streamId) => (await this.store.readStream(streamId)).events);
  }
}

/**
 * Histories are public, attribution by role and by whom the actor acted for included (the registry's point).
 * The subject (often a person's login) and the correlation and causation ids (which tie events to a client's
 * requests) are for authenticated callers only: null for anonymous ones.
 */
export const toHistoryEvent = (e: RecordedEvent, entitled = true, authenticated = true): HistoryEvent => ({
  eventId: e.eventId,
  type: e.type,
  streamVersion: e.streamVersion,
  position: formatPosition(e.position),
  recordedAt: e.recordedAt,
  issuedAt: new Date(e.metadata.issuedAt),
  actor: { subject: authenticated ? e.metadata.actor.subject : null, role: e.metadata.actor.role as Role, actingFor: e.metadata.actor.scope ?? null },
  correlationId: authenticated ? e.metadata.correlationId : null,
  causationId: authenticated ? (e.metadata.causationId ?? null) : null,
  data: redact(e.type, e.data as Record<string, unknown>, entitled),
});
