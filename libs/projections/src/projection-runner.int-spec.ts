import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, LOG_START, LogPosition, maxPosition, openEventStore, RecordedEvent, StoreConfig, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { RegistryError } from '@registry/kernel';
import { createTestDatabase } from '../../../test/support/postgres';
import { ProjectionRunner } from './projection-runner';
import { closeScratch, readStats, statsOf, StreamStatsProjection } from './testing/stream-stats.projection';

interface Target {
  config: StoreConfig;
  /** Where the child process finds the same store. */
  childArgs: string[];
  dispose(): Promise<void>;
}

const targets: Record<string, () => Promise<Target>> = {
  pglite: async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'projections-'));
    return { config: { kind: 'pglite', dataDir }, childArgs: ['pglite', dataDir], dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  },
  postgres: async () => {
    const db = await createTestDatabase('projections');
    return { config: { kind: 'postgres', url: db.url, poolSize: 12 }, childArgs: ['postgres', db.url], dispose: () => db.drop() };
  },
};

/**
 * Appends `perWriter` two-event batches from each writer, concurrently, and returns the highest position
 * written. Tests wait for that position, never for `headPosition()`: the head is what is visible below the
 * cluster-wide transaction horizon, and a transaction open in another database of the same server (other
 * suites run in parallel) can hide our own committed events for a moment.
 */
const writeLog = async (store: EventStore, writers: number, perWriter: number): Promise<LogPosition> => {
  const last = await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let position = LOG_START;
      for (let i = 0; i < perWriter; i++)
        position = (
          await store.appendToStream(
            `s-${w % 5}-${w}`,
            [
              { type: `A${i % 3}`, data: {} },
              { type: `B${i % 2}`, data: {} },
            ],
            { expectedVersion: i * 2, metadata: metadata() },
          )
        ).position;
      return position;
    }),
  );
  return last.reduce(maxPosition, LOG_START);
};

/** Expected rows computed from the log itself, independently of any projection code path. */
const expectedFromLog = async (handle: StoreHandle) => {
  const { rows } = await handle.readModels.query<{ stream_id: string }>('SELECT DISTINCT stream_id FROM es_events');
  const events: RecordedEvent[] = [];
  for (const { stream_id } of rows) events.push(...(await handle.store.readStream(stream_id)).events);
  return statsOf(events);
};
afterAll(closeScratch);

describe.each(Object.keys(targets))('projection runner on %s', (kind) => {
  let target: Target;
  let store: StoreHandle;

  beforeEach(async () => {
    target = await targets[kind]();
    store = await openEventStore(target.config);
  });
  afterEach(async () => {
    await store.close();
    await target.dispose();
  });

  it('keeps a live read model while writers append, and a rebuild from 0 gives exactly the same rows', async () => {
    const runner = new ProjectionRunner(store, [new StreamStatsProjection()], { batchSize: 7, pollIntervalMs: 20 });
    await runner.start();
    const written = await writeLog(store.store, 4, 15);
    await runner.waitFor(written);
    const live = await readStats(store.readModels);
    expect(live).toEqual(await expectedFromLog(store));
    expect(live.reduce((n, r) => n + r.events, 0)).toBe(120);

    await runner.rebuild('stream-stats');
    await runner.waitFor(written);
    expect(await readStats(store.readModels)).toEqual(live);
    await runner.stop();
  });

  it('rebuilds on start when the projection version changes, and resumes from its checkpoint otherwise', async () => {
    const written = await writeLog(store.store, 1, 5);
    const first = new ProjectionRunner(store, [new StreamStatsProjection(1)]);
    await first.start();
    await first.waitFor(written);
    await first.stop();
    // Tamper with the rows: a resumed projection keeps them, a rebuilt one repairs them.
    await store.readModels.query('UPDATE test_stream_stats SET events = 999');
    const resumed = new ProjectionRunner(store, [new StreamStatsProjection(1)]);
    await resumed.start();
    await resumed.waitFor(written);
    await resumed.stop();
    expect((await readStats(store.readModels))[0].events).toBe(999);
    const bumped = new ProjectionRunner(store, [new StreamStatsProjection(2)]);
    await bumped.start();
    await bumped.waitFor(written);
    await bumped.stop();
    expect(await readStats(store.readModels)).toEqual(await expectedFromLog(store));
  });

  it('lets a writer wait for its own write, and reports PROJECTION.LAGGING when read models stall', async () => {
    const runner = new ProjectionRunner(store, [new StreamStatsProjection()]);
    await runner.start();
    const r = await store.store.appendToStream('mine', [{ type: 'Mine', data: {} }], { expectedVersion: 0, metadata: metadata() });
    await runner.waitFor(r.position);
    expect(await readStats(store.readModels)).toEqual([{ stream_id: 'mine', events: 1, last_type: 'Mine', fold: '1' }]);
    await runner.stop();
    const later = await store.store.appendToStream('mine', [{ type: 'Mine', data: {} }], { expectedVersion: 1, metadata: metadata() });
    const stalled = await runner.waitFor(later.position, 200).catch((e: RegistryError) => e.code);
    expect(stalled).toBe('PROJECTION.LAGGING');
  });

  if (kind === 'postgres') {
    it('applies each event exactly once when two processes run the same projection on one database', async () => {
      const other = await openEventStore(target.config);
      const a = new ProjectionRunner(store, [new StreamStatsProjection()], { batchSize: 3, pollIntervalMs: 5 });
      const b = new ProjectionRunner(other, [new StreamStatsProjection()], { batchSize: 3, pollIntervalMs: 5 });
      await a.start();
      await b.start();
      const written = await writeLog(store.store, 4, 10);
      await Promise.all([a.waitFor(written), b.waitFor(written)]);
      await Promise.all([a.stop(), b.stop()]);
      await other.close();
      expect(await readStats(store.readModels)).toEqual(await expectedFromLog(store));
    });
  }

  it('survives being killed (SIGKILL) in the middle of a rebuild: a restart finishes it with the same rows', async () => {
    const written = await writeLog(store.store, 3, 20);
    const runner = new ProjectionRunner(store, [new StreamStatsProjection(1)]);
    await runner.start();
    await runner.waitFor(written);
    await runner.stop();
    const before = await readStats(store.readModels);
    expect(before.reduce((n, r) => n + r.events, 0)).toBe(120);
    if (kind === 'pglite') await store.close(); // one process at a time may open a PGlite data directory

    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'testing/rebuild-child.ts'), ...target.childArgs], {
      cwd: join(__dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let batches = 0;
    const killed = await new Promise<string>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        batches += (chunk.toString().match(/^batch/gm) ?? []).length;
        if (batches >= 3 && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', (_, signal) => resolve(String(signal)));
    });
    expect(killed).toBe('SIGKILL');
    expect(batches).toBeLessThan(12); // it really died part-way (12 batches of 10 would be the whole log)

    if (kind === 'pglite') store = await openEventStore(target.config);
    const partial = await readStats(store.readModels);
    expect(partial.reduce((n, r) => n + r.events, 0)).toBeLessThan(120);
    const restarted = new ProjectionRunner(store, [new StreamStatsProjection(1)]);
    await restarted.start();
    await restarted.waitFor(written);
    await restarted.stop();
    expect(await readStats(store.readModels)).toEqual(before);
  });
});
