import { Injectable } from '@nestjs/common';
import { ReadModelProjection } from '../infrastructure/read-model.decorator';
import { RecordedEvent, SqlExecutor } from '@registry/event-store';
import { auditCampaignDecider, AuditCampaignState, publicSectorSystemDecider, PublicSectorSystemState, RegistryEventOf } from '@registry/domain';
import { applyRouted, EventHandlers, routedTo } from '../infrastructure/event-routes';
import { Projection } from '@registry/projections';

export type RegisteredSystem = Extract<PublicSectorSystemState, { status: 'REGISTERED' }>;
export type OpenedCampaign = Extract<AuditCampaignState, { status: 'OPENED' }>;

/**
 * Public-sector systems and audit campaigns, each row the decider's own state folded from its stream (so the
 * read model cannot disagree with the deciders). The baseline is computed from these rows at query time:
 * it depends on the clock (overdue), which no stored row could.
 */
@Injectable()
@ReadModelProjection()
export class PublicSectorProjection implements Projection {
  readonly name = 'public-sector';
  /** Only the events routed to it are read (EVENT_ROUTES); the runner moves past the rest. */
  readonly eventTypes = routedTo(this.name);
  readonly version = 1;

  async setup(db: SqlExecutor): Promise<void> {
    await db.query(`CREATE TABLE IF NOT EXISTS rm_ps_systems (
      system_id     text PRIMARY KEY,
      bureau        text NOT NULL,
      state         jsonb NOT NULL
    )`);
    await db.query(`CREATE TABLE IF NOT EXISTS rm_ps_campaigns (
      campaign_id   text PRIMARY KEY,
      opened_at     timestamptz NOT NULL,
      state         jsonb NOT NULL
    )`);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM rm_ps_systems');
    await tx.query('DELETE FROM rm_ps_campaigns');
  }

  /** The public-sector systems' and audit campaigns' own events (see EVENT_ROUTES). */
  private readonly on: EventHandlers<'public-sector'> = {
    PublicSectorSystemRegistered: async (e, tx) => {
      const state = publicSectorSystemDecider.evolve(publicSectorSystemDecider.initialState(), e);
      await tx.query('INSERT INTO rm_ps_systems (system_id, bureau, state) VALUES ($1, $2, $3) ON CONFLICT (system_id) DO NOTHING', [
        e.data.systemId,
        e.data.bureau,
        JSON.stringify(state),
      ]);
    },
    AuditCampaignOpened: (e, tx) => this.campaign(e, tx),
    AuditorAssigned: (e, tx) => this.campaign(e, tx),
    AuditOutcomeRecorded: (e, tx) => this.campaign(e, tx),
  };

  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    return applyRouted(this.on, tx, event);
  }

  /** A campaign's state evolved by its decider; the table keeps campaigns that opened. */
  private async campaign(e: RegistryEventOf<'AuditCampaignOpened' | 'AuditorAssigned' | 'AuditOutcomeRecorded'>, tx: SqlExecutor): Promise<void> {
    const { rows } = await tx.query<{ state: AuditCampaignState }>('SELECT state FROM rm_ps_campaigns WHERE campaign_id = $1', [e.data.campaignId]);
    const state = auditCampaignDecider.evolve(rows[0]?.state ?? auditCampaignDecider.initialState(), e);
    if (state.status !== 'OPENED') return;
    await tx.query(
      `INSERT INTO rm_ps_campaigns (campaign_id, opened_at, state) VALUES ($1, $2, $3)
       ON CONFLICT (campaign_id) DO UPDATE SET state = EXCLUDED.state`,
      [state.campaignId, state.openedAt, JSON.stringify(state)],
    );
  }
}
