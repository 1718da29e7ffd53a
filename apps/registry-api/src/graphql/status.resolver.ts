import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { EVENT_LOG_STATS, EVENT_STORE, EventLogStats, EventStore, formatPosition } from '@registry/event-store';
import { RegistryStatus } from '@registry/contract';
import { ProjectionRunner } from '@registry/projections';

@Resolver('RegistryStatus')
export class StatusResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_LOG_STATS) private readonly stats: EventLogStats,
    private readonly runner: ProjectionRunner,
  ) {}

  /** The event count is the engine's maintained counter (no scan of the log per call). */
  @Query('status')
  async status(): Promise<RegistryStatus> {
    const [eventCount, head] = await Promise.all([this.stats.eventCount(), this.store.headPosition()]);
    return {
      store: this.stats.engine,
      headPosition: formatPosition(head),
      readModelPosition: formatPosition(this.runner.position()),
      eventCount,
    };
  }
}
