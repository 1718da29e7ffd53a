import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreConfig } from '@registry/event-store';
import { createTestDatabase } from '../../../../test/support/postgres';

/** A fresh store for one spec: its configuration, and how to throw it away. */
export interface StoreTarget {
  readonly config: StoreConfig;
  dispose(): Promise<void>;
}

/** Both SQL engines as spec targets: an embedded store in its own data directory, and a PostgreSQL database of its own. */
export const storeTargets = (label: string, postgres: { poolSize?: number } = {}): Record<string, () => Promise<StoreTarget>> => ({
  pglite: async () => {
    const dataDir = mkdtempSync(join(tmpdir(), `${label}-`));
    return { config: { kind: 'pglite', dataDir }, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  },
  postgres: async () => {
    const db = await createTestDatabase(label);
    return { config: { kind: 'postgres', url: db.url, ...postgres }, dispose: () => db.drop() };
  },
});
