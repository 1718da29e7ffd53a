import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, LogPosition } from '@registry/event-store';
import { Decider, DomainEvent, fold } from '@registry/kernel';

/** Reads one aggregate's state by folding its stream (what a command's context is looked up through). */
export interface StreamReader {
  load<C, E extends DomainEvent, S>(streamId: string, decider: Decider<C, E, S>): Promise<{ state: S; version: number }>;
}

/**
 * Reads one aggregate's current state by folding its stream with its decider. Used for the cross-aggregate
 * facts a command's `context` carries (a model version's digest, a certifier's accreditation) and for
 * single-entity queries, which are then always current (no read model can lag the stream). `knownAt` reads
 * the state as the log stood at a position: a mutation answers with the entity as of its own write.
 */
@Injectable()
export class AggregateReader implements StreamReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load<C, E extends DomainEvent, S>(streamId: string, decider: Decider<C, E, S>, knownAt?: LogPosition): Promise<{ state: S; version: number }> {
    const { version, events } = await this.store.readStream(streamId, knownAt ? { knownAt } : {});
    return {
      state: fold(
        decider,
        events.map((e) => ({ type: e.type, data: e.data }) as E),
      ),
      version,
    };
  }
}
