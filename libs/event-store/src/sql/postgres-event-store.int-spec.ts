import { createTestDatabase } from '../../../../test/support/postgres';
import { eventStoreContract } from '../testing/event-store.contract';
import { sqlContractCapabilities } from '../testing/sql-contract-subject';
import { PostgresDatabase } from './postgres-database';
import { SqlEventStore } from './sql-event-store';

// Runs against a real server (local 127.0.0.1:5432 or PG_ADMIN_URL); an unreachable server fails the
// suite rather than skipping it, so CI cannot go green without the PostgreSQL adapter having been tested.
eventStoreContract(
  'postgres',
  async () => {
    const database = await createTestDatabase('contract');
    const db = PostgresDatabase.open(database.url, { max: 12 });
    const store = await SqlEventStore.create(db);
    return {
      store,
      capabilities: sqlContractCapabilities(store, db),
      dispose: async () => {
        await store.close();
        await database.drop();
      },
    };
  },
  { concurrentWriters: true, holdWriter: true },
);
