import { Injectable } from '@nestjs/common';
import { ReadModelProjection } from '../infrastructure/read-model.decorator';
import { RecordedEvent, SqlExecutor } from '@registry/event-store';
import { applyRouted, EventHandlers, routedTo } from '../infrastructure/event-routes';
import { emptyTables, Projection } from '@registry/projections';

/** Row of the firms read model. */
export interface FirmRow {
  firm_id: string;
  name: string;
  jurisdiction: string;
  registered_at: Date;
  version: number;
}

/** Firms by id: the read model behind `firm` and `firms`. */
@Injectable()
@ReadModelProjection()
export class FirmProjection implements Projection {
  readonly name = 'firms';
  /** Only the events routed to it are read (EVENT_ROUTES); the runner moves past the rest. */
  readonly eventTypes = routedTo(this.name);
  readonly version = 1;

  async setup(db: SqlExecutor): Promise<void> {
    await db.query(`CREATE TABLE IF NOT EXISTS rm_firms (
      firm_id       text PRIMARY KEY,
      name          text NOT NULL,
      jurisdiction  text NOT NULL,
      registered_at timestamptz NOT NULL,
      version       integer NOT NULL
    )`);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await emptyTables(tx, ['rm_firms']);
  }

  /** The firms' own events; every other event leaves the table as it is (see EVENT_ROUTES). */
  private readonly on: EventHandlers<'firms'> = {
    FirmRegistered: async (e, tx, recorded) => {
      await tx.query(`INSERT INTO rm_firms (firm_id, name, jurisdiction, registered_at, version) VALUES ($1, $2, $3, $4, $5)`, [
        e.data.firmId,
        e.data.name,
        e.data.jurisdiction,
        e.data.registeredAt,
        recorded.streamVersion,
      ]);
    },
    FirmRenamed: async (e, tx, recorded) => {
      await tx.query(`UPDATE rm_firms SET name = $2, version = $3 WHERE firm_id = $1`, [e.data.firmId, e.data.name, recorded.streamVersion]);
    },
  };

  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    return applyRouted(this.on, tx, event);
  }
}
