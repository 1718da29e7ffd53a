import { eventStoreContract } from '../testing/event-store.contract';
import { PgliteDatabase } from './pglite-database';
import { SqlEventStore } from './sql-event-store';

eventStoreContract('pglite', async () => {
  const store = await SqlEventStore.create(await PgliteDatabase.open());
  return { store, dispose: () => store.close() };
});
