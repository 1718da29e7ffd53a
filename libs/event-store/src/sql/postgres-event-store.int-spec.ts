import { createTestDatabase } from '../../../../test/support/postgres';
import { eventStoreContract } from '../testing/event-store.contract';
import { PostgresDatabase } from './postgres-database';
import { SqlEventStore } from './sql-event-store';

// Runs against a real server (local 127.0.0.1:5432 or PG_ADMIN_URL); an unreachable server fails the
// suite rather than skipping it, so CI cannot go green without the PostgreSQL adapter having been tested.
eventStoreContract('postgres', async () => {
  const database = await createTestDatabase('contract');
  const store = await SqlEventStore.create(PostgresDatabase.open(database.url, { max: 12 }));
  return {
    store,
    dispose: async () => {
      await store.close();
      await database.drop();
    },
  };
});
