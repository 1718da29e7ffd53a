import { eventStoreContract } from '../testing/event-store.contract';
import { sqlContractCapabilities } from '../testing/sql-contract-subject';
import { PgliteDatabase } from './pglite-database';
import { SqlEventStore } from './sql-event-store';

// Booting PGlite's WASM takes seconds: one instance serves the file, emptied before each test.
let shared: { store: SqlEventStore; db: PgliteDatabase } | undefined;
afterAll(() => shared?.store.close());

eventStoreContract(
  'pglite',
  async () => {
    if (!shared) {
      const db = await PgliteDatabase.open();
      shared = { store: await SqlEventStore.create(db), db };
    }
    await shared.db.query('TRUNCATE es_events, es_streams, es_idempotency RESTART IDENTITY');
    return { store: shared.store, capabilities: sqlContractCapabilities(shared.store, shared.db), dispose: async () => undefined };
  },
  { concurrentWriters: false, holdWriter: true },
);
