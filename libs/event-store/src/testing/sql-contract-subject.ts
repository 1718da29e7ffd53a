import { SqlDatabase } from '../sql/sql-database';
import { SqlEventStore } from '../sql/sql-event-store';
import { ContractCapabilities } from './event-store.contract';

/**
 * What the SQL engines add to the contract: a direct count of `es_events` (checked against the maintained
 * counter each time, so every contract test also proves `eventCount` exact), and a writer held open in a
 * transaction of the store's own database.
 */
export const sqlContractCapabilities = (store: SqlEventStore, db: SqlDatabase): ContractCapabilities => ({
  concurrentWriters: db.concurrentTransactions,
  storedEvents: async () => {
    const counted = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events')).rows[0].n;
    const maintained = await store.eventCount();
    if (maintained !== counted) throw new Error(`event counter says ${maintained}, es_events holds ${counted}`);
    return counted;
  },
  holdWriter: (work) =>
    db.transaction((tx) =>
      work({
        begin: async () => {
          await tx.query('SELECT pg_current_xact_id()');
        },
        append: (streamId, events, options) => store.appendWithin(tx, streamId, events, options),
      }),
    ),
});
