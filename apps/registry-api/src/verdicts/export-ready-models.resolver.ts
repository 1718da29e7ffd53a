import { Args, Query, Resolver } from '@nestjs/graphql';
import { ExportReadyModelConnection, ReadinessStatus } from '@registry/contract';
import { badInput } from '@registry/kernel';
import { JURISDICTION, USE_CASE } from '@registry/domain';
import { decodeCursor, encodeCursor, forwardPage, pageSize } from '../graphql/pagination';
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
    if (!JURISDICTION.test(jurisdiction))
      throw badInput('INPUT.INVALID', 'jurisdiction must be a two-letter code such as EU, CN or SG', { field: 'jurisdiction' });
    if (!USE_CASE.test(useCase)) throw badInput('INPUT.INVALID', 'useCase must be a lower-case slug such as lending or chatbot', { field: 'useCase' });
    const size = pageSize(first);
    const cursor = decodeCursor(after);
    const wanted = status ?? ReadinessStatus.READY;
    const { rows, total } = await this.readiness.page(jurisdiction, useCase, wanted, size, cursor);
    const before = cursor !== undefined && (await this.readiness.hasAtOrBefore(jurisdiction, useCase, wanted, cursor));
    const key = (r: { model_id: string; version: string }) => `${r.model_id}/${r.version}`;
    const { page, pageInfo } = forwardPage(rows, size, key, before);
    return {
      edges: page.map((r) => ({
        cursor: encodeCursor(key(r)),
        node: {
          modelId: r.model_id,
          version: r.version,
          jurisdiction: r.jurisdiction,
          useCase: r.use_case,
          status: r.status as ReadinessStatus,
          validUntil: r.valid_until,
          computedAt: r.computed_at,
        },
      })),
      pageInfo,
      totalCount: total,
    };
  }
}
