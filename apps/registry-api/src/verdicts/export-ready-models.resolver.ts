import { Args, Query, Resolver } from '@nestjs/graphql';
import { ExportReadyModelConnection, ReadinessStatus } from '@registry/contract';
import { badInput } from '@registry/kernel';
import { JURISDICTION, USE_CASE } from '@registry/domain';
import { decodeCursor, encodeCursor, pageSize } from '../graphql/pagination';
import { ReadinessReadModel } from './readiness.read-model';


@Resolver('ExportReadyModel')
export class ExportReadyModelsResolver {
  constructor(private readonly readiness: ReadinessReadModel) {}

  @Query('exportReadyModels')
  async exportReadyModels(
    @Args('jurisdiction') jurisdiction: string,
    @Args('useCase') useCase: string,
    @Args('status') status: ReadinessStatus | null,
    @Args('first') first: number | null,
    @Args('after') after: string | null,
  ): Promise<ExportReadyModelConnection> {
    if (!JURISDICTION.test(jurisdiction)) throw badInput('INPUT.INVALID', 'jurisdiction must be a two-letter code such as EU, CN or SG', { field: 'jurisdiction' });
    if (!USE_CASE.test(useCase)) throw badInput('INPUT.INVALID', 'useCase must be a lower-case slug such as lending or chatbot', { field: 'useCase' });
    const size = pageSize(first);
    const { rows, total } = await this.readiness.page(jurisdiction, useCase, status ?? ReadinessStatus.READY, size, decodeCursor(after));
    const page = rows.slice(0, size);
    const key = (r: { model_id: string; version: string }) => `${r.model_id}/${r.version}`;
    return {
      edges: page.map((r) => ({
        cursor: encodeCursor(key(r)),
        node: { modelId: r.model_id, version: r.version, jurisdiction: r.jurisdiction, useCase: r.use_case, status: r.status as ReadinessStatus, validUntil: r.valid_until, computedAt: r.computed_at },
      })),
      pageInfo: { hasNextPage: rows.length > size, endCursor: page.length ? encodeCursor(key(page[page.length - 1])) : null },
      totalCount: total,
    };
  }
}
