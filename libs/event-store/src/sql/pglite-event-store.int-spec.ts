import { eventStoreContract } from '../testing/event-store.contract';
import { PgliteDatabase } from './pglite-database';
import { SqlEventStore } from './sql-event-store';

// Booting PGlite's WASM takes seconds: one instance serves the file, emptied before each test.
let shared: SqlEventStore | undefined;
afterAll(() => shared?.close());

eventStoreContract('pglite', async () => {
  shared ??= await SqlEventStore.create(await PgliteDatabase.open());
  await shared.db.query('TRUNCATE es_events, es_streams, es_idempotency RESTART IDENTITY');
  return { store: shared, dispose: async () => undefined };
});
