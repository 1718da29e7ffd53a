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

  /** `entitled`: whether the caller may see restricted payload fields (see auth/visibility.ts). */
  async of(streamId: string, entitled = true, knownAt?: LogPosition): Promise<HistoryEvent[]> {
    const { events } = await this.store.readStream(streamId, knownAt ? { knownAt } : {});
    return events.map((e) => toHistoryEvent(e, entitled));
  }

  /**
   * The events of several streams, one read per stream, for the per-request loader (graphql/loaders.ts):
   * a page of certifications asking for the same certifier's history reads that stream once.
   */
  eventsOf(streamIds: readonly string[]): Promise<(readonly RecordedEvent[])[]> {
    return mapBounded(streamIds, BATCH_READS_IN_FLIGHT, async (streamId) => (await this.store.readStream(streamId)).events);
  }
}

export const toHistoryEvent = (e: RecordedEvent, entitled = true): HistoryEvent => ({
  eventId: e.eventId,
  type: e.type,
  streamVersion: e.streamVersion,
  position: formatPosition(e.position),
  recordedAt: e.recordedAt,
  issuedAt: new Date(e.metadata.issuedAt),
  actor: { subject: e.metadata.actor.subject, role: e.metadata.actor.role as Role, actingFor: e.metadata.actor.scope ?? null },
  correlationId: e.metadata.correlationId,
  causationId: e.metadata.causationId,
  data: redact(e.type, e.data as Record<string, unknown>, entitled),
});
