import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, formatPosition, RecordedEvent } from '@registry/event-store';
import { HistoryEvent, Role } from '@registry/contract';
import { redact } from '../auth/visibility';

/** An entity's history is its stream, read straight from the log (no read model can lag it). */
@Injectable()
export class HistoryService {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** `entitled`: whether the caller may see restricted payload fields (see auth/visibility.ts). */
  async of(streamId: string, entitled = true): Promise<HistoryEvent[]> {
    const { events } = await this.store.readStream(streamId);
    return events.map((e) => toHistoryEvent(e, entitled));
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
