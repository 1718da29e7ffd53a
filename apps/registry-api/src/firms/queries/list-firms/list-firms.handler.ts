import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SqlExecutor } from '@registry/event-store';
import { READ_DB } from '../../../infrastructure/event-store.providers';
import { encodeCursor, forwardPage } from '../../../graphql/pagination';
import { FirmRow } from '../../firm.projection';
import { toFirmView } from '../../firm.view';
import { FirmPage, ListFirmsQuery } from './list-firms.query';

@QueryHandler(ListFirmsQuery)
export class ListFirmsHandler implements IQueryHandler<ListFirmsQuery> {
  constructor(@Inject(READ_DB) private readonly db: SqlExecutor) {}

  async execute({ first, after }: ListFirmsQuery): Promise<FirmPage> {
    const { rows } = await this.db.query<FirmRow>(`SELECT * FROM rm_firms WHERE ($1::text IS NULL OR firm_id > $1) ORDER BY firm_id LIMIT $2`, [
      after ?? null,
      first + 1,
    ]);
    const { rows: count } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM rm_firms');
    const before =
      after === undefined ? false : (await this.db.query<{ e: boolean }>('SELECT EXISTS (SELECT 1 FROM rm_firms WHERE firm_id <= $1) AS e', [after])).rows[0].e;
    const { page, pageInfo } = forwardPage(rows, first, (row) => row.firm_id, before);
    return {
      edges: page.map((row) => ({ cursor: encodeCursor(row.firm_id), node: toFirmView(row) })),
      pageInfo,
      totalCount: count[0].n,
    };
  }
}
