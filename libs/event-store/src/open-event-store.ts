import { PgliteDatabase } from './sql/pglite-database';
import { PostgresDatabase } from './sql/postgres-database';
import { SqlEventStore } from './sql/sql-event-store';

export type StoreConfig =
  | { readonly kind: 'pglite'; readonly dataDir?: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number };

/** Opens the configured adapter, migrating its schema. */
export const openEventStore = async (config: StoreConfig): Promise<SqlEventStore> =>
  SqlEventStore.create(
    config.kind === 'pglite'
      ? await PgliteDatabase.open(config.dataDir)
      : PostgresDatabase.open(config.url, { max: config.poolSize ?? 10 }),
  );
