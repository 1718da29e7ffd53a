import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SqlExecutor } from '@registry/event-store';
import { frameworkDecider, versionInForce } from '@registry/domain';
import { AggregateReader } from '../../../infrastructure/aggregate-reader';
import { READ_DB } from '../../../infrastructure/event-store.providers';
import { FrameworkView, toFrameworkView } from '../../framework.view';
import { ListFrameworksQuery } from './list-frameworks.query';

/**
 * Why the log and not VerdictService.facts(): the stream ids come from one indexed SQL look-up over the event
 * store and each framework is then folded with its own decider through AggregateReader, exactly as `framework(id)`
 * is. So the list is always current (no read model or in-memory fold to lag behind a write), shows exactly what
 * the single read shows, and this module does not depend on the verdict engine's in-memory copy of the log.
 * Frameworks are few (tens), so one stream read per framework is cheap. The jurisdiction filter runs in SQL: a
 * framework's jurisdiction never changes (the decider refuses JURISDICTION_CHANGED), so any of its events says it.
 */
@QueryHandler(ListFrameworksQuery)
export class ListFrameworksHandler implements IQueryHandler<ListFrameworksQuery> {
  constructor(
    @Inject(READ_DB) private readonly db: SqlExecutor,
    private readonly reader: AggregateReader,
  ) {}

  async execute({ jurisdiction, asOf }: ListFrameworksQuery): Promise<FrameworkView[]> {
    const { rows } = await this.db.query<{ stream_id: string }>(
      `SELECT DISTINCT stream_id FROM es_events
        WHERE stream_id LIKE 'framework-%' AND type = 'FrameworkVersionPublished'
          AND ($1::text IS NULL OR data->>'jurisdiction' = $1)
        ORDER BY stream_id`,
      [jurisdiction],
    );
    const views: FrameworkView[] = [];
    for (const { stream_id } of rows) {
      const view = toFrameworkView((await this.reader.load(stream_id, frameworkDecider)).state, asOf);
      if (view && (!asOf || versionInForce(view.domainVersions, asOf.toISOString()))) views.push(view);
    }
    return views.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
