import { Inject, Injectable } from '@nestjs/common';
import { SqlExecutor } from '@registry/event-store';
import { READ_DB } from '../infrastructure/event-store.providers';
import { OpenedCampaign, RegisteredSystem } from './public-sector.projection';

/** Reads of the public-sector read model. */
@Injectable()
export class PublicSectorRepository {
  constructor(@Inject(READ_DB) private readonly db: SqlExecutor) {}

  async system(systemId: string): Promise<RegisteredSystem | null> {
    const { rows } = await this.db.query<{ state: RegisteredSystem }>('SELECT state FROM rm_ps_systems WHERE system_id = $1', [systemId]);
    return rows[0]?.state ?? null;
  }

  async systems(bureau?: string | null): Promise<RegisteredSystem[]> {
    const { rows } = await this.db.query<{ state: RegisteredSystem }>(
      'SELECT state FROM rm_ps_systems WHERE ($1::text IS NULL OR bureau = $1) ORDER BY bureau, system_id',
      [bureau ?? null],
    );
    return rows.map((r) => r.state);
  }

  async campaign(campaignId: string): Promise<OpenedCampaign | null> {
    const { rows } = await this.db.query<{ state: OpenedCampaign }>('SELECT state FROM rm_ps_campaigns WHERE campaign_id = $1', [campaignId]);
    return rows[0]?.state ?? null;
  }

  async campaigns(): Promise<OpenedCampaign[]> {
    const { rows } = await this.db.query<{ state: OpenedCampaign }>('SELECT state FROM rm_ps_campaigns ORDER BY opened_at, campaign_id');
    return rows.map((r) => r.state);
  }
}
