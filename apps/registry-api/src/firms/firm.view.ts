import { AsOf } from '../graphql/as-of';
import { Firm } from '@registry/contract';
import { FirmRow } from './firm.projection';

/** A firm as the API returns it; `history` is resolved on demand. */
export type FirmView = Omit<Firm, 'history' | 'globalId'> & AsOf;

export const toFirmView = (row: FirmRow): FirmView => ({
  id: row.firm_id,
  name: row.name,
  jurisdiction: row.jurisdiction,
  registeredAt: row.registered_at instanceof Date ? row.registered_at : new Date(row.registered_at),
  version: row.version,
});
