import { Injectable } from '@nestjs/common';
import { ReadModelProjection } from '../infrastructure/read-model.decorator';
import { RecordedEvent, SqlExecutor } from '@registry/event-store';
import { applyRouted, EventHandlers, routedTo } from '../infrastructure/event-routes';
import { Projection } from '@registry/projections';

/** Bitstring Status List's minimum (and our fixed) list length: 131,072 entries, 16 KB uncompressed. */
export const STATUS_LIST_LENGTH = 131_072;

export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

/** Where a certification's bits sit: list `list` (1-based, one per 131,072 certifications), entry `index` in it. */
export interface StatusSlot {
  readonly ordinal: number;
  readonly list: number;
  readonly index: number;
}

export const slotOf = (ordinal: number): StatusSlot => ({ ordinal, list: Math.floor(ordinal / STATUS_LIST_LENGTH) + 1, index: ordinal % STATUS_LIST_LENGTH });

export interface CredentialStatusRow {
  certification_id: string;
  ordinal: number;
  suspended: boolean;
  revoked: boolean;
}

/**
 * Status-list slots and bits of certification credentials. A certification's slot is its ordinal among
 * CertificationIssued events in log order: allocated once, never reused (a certification is issued once and
 * never deleted), and a rebuild from position 0 allocates the same ones, so slots already printed in signed
 * credentials stay right. Revocation bit: set by CertificationRevoked, final. Suspension bit: set by
 * CertificationSuspended, cleared by CertificationReinstated. Expiry sets no bit: it is time, not an event,
 * and a credential carries the certification's `validUntil` (a renewal would have to clear a revocation
 * bit, which the spec makes irreversible).
 */
@Injectable()
@ReadModelProjection()
export class CredentialStatusProjection implements Projection {
  readonly name = 'credential-status';
  /** Only the events routed to it are read (EVENT_ROUTES); the runner moves past the rest. */
  readonly eventTypes = routedTo(this.name);
  readonly version = 1;

  async setup(db: SqlExecutor): Promise<void> {
    await db.query(`CREATE TABLE IF NOT EXISTS rm_credential_status (
      certification_id text PRIMARY KEY,
      ordinal          integer NOT NULL UNIQUE,
      suspended        boolean NOT NULL DEFAULT false,
      revoked          boolean NOT NULL DEFAULT false
    )`);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM rm_credential_status');
  }

  /** A certification's issue, suspension, reinstatement and revocation; nothing else moves a status bit (see EVENT_ROUTES). */
  private readonly on: EventHandlers<'credential-status'> = {
    CertificationIssued: async (e, tx) => {
      // The runner applies a batch in one transaction holding the projection's checkpoint lock, so no other
      // instance allocates concurrently: max + 1 is the next ordinal in log order.
      await tx.query(
        `INSERT INTO rm_credential_status (certification_id, ordinal)
         SELECT $1, COALESCE(MAX(ordinal) + 1, 0) FROM rm_credential_status
         ON CONFLICT (certification_id) DO NOTHING`,
        [e.data.certificationId],
      );
    },
    CertificationSuspended: async (e, tx) => {
      await tx.query('UPDATE rm_credential_status SET suspended = true WHERE certification_id = $1', [e.data.certificationId]);
    },
    CertificationReinstated: async (e, tx) => {
      await tx.query('UPDATE rm_credential_status SET suspended = false WHERE certification_id = $1', [e.data.certificationId]);
    },
    CertificationRevoked: async (e, tx) => {
      await tx.query('UPDATE rm_credential_status SET revoked = true WHERE certification_id = $1', [e.data.certificationId]);
    },
  };

  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    return applyRouted(this.on, tx, event);
  }
}

/** Reads slots and set bits from the projection's table. */
export const statusRows = {
  async slotOf(db: SqlExecutor, certificationId: string): Promise<StatusSlot | null> {
    const { rows } = await db.query<{ ordinal: number }>('SELECT ordinal FROM rm_credential_status WHERE certification_id = $1', [certificationId]);
    return rows[0] ? slotOf(Number(rows[0].ordinal)) : null;
  },

  /** Indexes (within list `list`) whose `purpose` bit is set; null when the list does not exist yet. */
  async setBits(db: SqlExecutor, purpose: StatusPurpose, list: number): Promise<number[] | null> {
    const from = (list - 1) * STATUS_LIST_LENGTH;
    if (list > 1) {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM rm_credential_status WHERE ordinal >= $1', [from]);
      if (rows[0].n === 0) return null;
    }
    const column = purpose === 'revocation' ? 'revoked' : 'suspended';
    const { rows } = await db.query<{ ordinal: number }>(
      `SELECT ordinal FROM rm_credential_status WHERE ordinal >= $1 AND ordinal < $2 AND ${column} ORDER BY ordinal`,
      [from, from + STATUS_LIST_LENGTH],
    );
    return rows.map((r) => Number(r.ordinal) - from);
  },
};
