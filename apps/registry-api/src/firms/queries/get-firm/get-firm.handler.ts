import { asOf } from '../../../graphql/as-of';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, LogPosition, SqlExecutor } from '@registry/event-store';
import { FirmErrors, FirmEvent, firmStreamId } from '@registry/domain';
import { READ_DB } from '../../../infrastructure/event-store.providers';
import { FirmRow } from '../../firm.projection';
import { FirmView, toFirmView } from '../../firm.view';
import { GetFirmQuery } from './get-firm.query';

@QueryHandler(GetFirmQuery)
export class GetFirmHandler implements IQueryHandler<GetFirmQuery> {
  constructor(
    @Inject(READ_DB) private readonly db: SqlExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ firmId, required, knownAt }: GetFirmQuery): Promise<FirmView | null> {
    const rows = knownAt ? await this.rowAt(firmId, knownAt) : (await this.db.query<FirmRow>('SELECT * FROM rm_firms WHERE firm_id = $1', [firmId])).rows;
    if (rows.length) return asOf(toFirmView(rows[0]), knownAt);
    if (required) throw FirmErrors.notFound(firmId);
    return null;
  }

  /** The firm's row as the projection held it at a log position: its stream folded up to there. */
  private async rowAt(firmId: string, knownAt: LogPosition): Promise<FirmRow[]> {
    const { events } = await this.store.readStream(firmStreamId(firmId), { knownAt });
    let row: FirmRow | undefined;
    for (const recorded of events) {
      const e = { type: recorded.type, data: recorded.data } as FirmEvent;
      if (e.type === 'FirmRegistered')
        row = {
          firm_id: e.data.firmId,
          name: e.data.name,
          jurisdiction: e.data.jurisdiction,
          registered_at: new Date(e.data.registeredAt),
          version: recorded.streamVersion,
        };
      else if (row) row = { ...row, name: e.data.name, version: recorded.streamVersion };
    }
    return row ? [row] : [];
  }
}
