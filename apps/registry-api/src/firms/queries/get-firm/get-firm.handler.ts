import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SqlExecutor } from '@registry/event-store';
import { FirmErrors } from '@registry/domain';
import { READ_DB } from '../../../infrastructure/event-store.providers';
import { FirmRow } from '../../firm.projection';
import { FirmView, toFirmView } from '../../firm.view';
import { GetFirmQuery } from './get-firm.query';

@QueryHandler(GetFirmQuery)
export class GetFirmHandler implements IQueryHandler<GetFirmQuery> {
  constructor(@Inject(READ_DB) private readonly db: SqlExecutor) {}

  async execute({ firmId, required }: GetFirmQuery): Promise<FirmView | null> {
    const { rows } = await this.db.query<FirmRow>('SELECT * FROM rm_firms WHERE firm_id = $1', [firmId]);
    if (rows.length) return toFirmView(rows[0]);
    if (required) throw FirmErrors.notFound(firmId);
    return null;
  }
}
