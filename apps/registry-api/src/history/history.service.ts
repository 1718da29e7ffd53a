import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, formatPosition, RecordedEvent } from '@registry/event-store';
import { HistoryEvent, Role } from '@registry/contract';

/** An entity's history is its stream, read straight from the log (no read model can lag it). */
@Injectable()
export class HistoryService {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async of(streamId: string): Promise<HistoryEvent[]> {
    const { events } = await this.store.readStream(streamId);
    return events.map(toHistoryEvent);
  }
}

export const toHistoryEvent = (e: RecordedEvent): HistoryEvent => ({
  eventId: e.eventId,
  type: e.type,
  streamVersion: e.streamVersion,
  position: formatPosition(e.position),
  recordedAt: e.recordedAt,
  issuedAt: new Date(e.metadata.issuedAt),
  actor: { subject: e.metadata.actor.subject, role: e.metadata.actor.role as Role, actingFor: e.metadata.actor.scope ?? null },
  correlationId: e.metadata.correlationId,
  causationId: e.metadata.causationId,
  data: e.data as Record<string, unknown>,
});
