/**
 * Loads the demo catalog into the configured store and exits: the way to seed a PostgreSQL registry.
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/registry npm run demo:load
 * Writes nothing if the log already holds events (the catalog is for an empty registry). Every command
 * carries an idempotency key, so running it twice, or alongside a starting server, writes it once.
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { loadConfig } from './config/registry.config';
import { createRegistryApp } from './main';
import { DemoCatalog } from './demo/demo-catalog';

new Command('demo:load').description('Load the demo catalog into the configured store (DATABASE_URL, or the embedded one) if its log is empty.').parse();

(async () => {
  // Loading serves no requests, so tokens do not matter here: the default key directory will do.
  const config = {
    ...loadConfig({ AUTH_KEY_DIR: resolve('.data/registry/auth'), ...process.env }),
    seedDemoCatalog: false,
    logLevel: 'warn' as const,
    maintenance: true,
  };
  const app = await createRegistryApp(config);
  try {
    const loaded = await app.get(DemoCatalog).loadIfEmpty();
    console.log(loaded ? `demo catalog loaded into the ${config.store.kind} store` : `the ${config.store.kind} store already holds events: nothing loaded`);
  } finally {
    await app.close();
  }
})().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
