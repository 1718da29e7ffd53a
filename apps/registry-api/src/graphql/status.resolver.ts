import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { EVENT_STORE, formatPosition, SqlEventStore } from '@registry/event-store';
import { RegistryStatus } from '@registry/contract';
import { ProjectionRunner } from '@registry/projections';

@Resolver('RegistryStatus')
export class StatusResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: SqlEventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  @Query('status')
  async status(): Promise<RegistryStatus> {
    const { rows } = await this.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events');
    return {
      store: this.store.db.kind,
      headPosition: formatPosition(await this.store.headPosition()),
      readModelPosition: formatPosition(this.runner.position()),
      eventCount: rows[0].n,
    };
  }
}
