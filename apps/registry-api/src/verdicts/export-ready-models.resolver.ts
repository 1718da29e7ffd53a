import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { SqlExecutor } from '@registry/event-store';
import { ExportReadyModelConnection, ReadinessStatus } from '@registry/contract';
import { badInput } from '@registry/kernel';
import { JURISDICTION, USE_CASE } from '@registry/domain';
import { decodeCursor, encodeCursor, forwardPage, pageSize } from '../graphql/pagination';
import { READ_DB } from '../infrastructure/event-store.providers';
import { ReadinessReadModel } from './readiness.read-model';

@Resolver('ExportReadyModel')
export class ExportReadyModelsResolver {
  constructor(
    private readonly readiness: ReadinessReadModel,
    @Inject(READ_DB) private readonly db: SqlExecutor,
  ) {}

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
    const before =
      cursor === undefined
        ? false
        : (
            await this.db.query<{ e: boolean }>(
              `SELECT EXISTS (SELECT 1 FROM rm_export_readiness_v1 WHERE jurisdiction = $1 AND use_case = $2 AND status = $3 AND (model_id || '/' || version) <= $4) AS e`,
              [jurisdiction, useCase, wanted, cursor],
            )
          ).rows[0].e;
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
