import { comparePositions, formatPosition, LOG_START, LogPosition, openEventStore, EventStore, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { buildVerdictFacts, FactEvent, toFactEvent } from '@registry/domain';
import { streamOf, syntheticLog } from './testing/synthetic-log';
import { VerdictService } from './verdict.service';

describe('VerdictService knownAt cuts (PGlite)', () => {
  let handle: StoreHandle;
  let store: EventStore;
  let positions: LogPosition[];
  let recorded: FactEvent[];

  beforeAll(async () => {
    handle = await openEventStore({ kind: 'pglite' });
    store = handle.store;
    positions = [];
    for (const e of syntheticLog(25)) {
      const { position } = await store.appendToStream(streamOf(e), [{ type: e.type, data: e.data }], { expectedVersion: 'any', metadata: metadata() });
      positions.push(position);
    }
    // What the log holds, as the verdict facts see it (ids and positions as recorded).
    recorded = (await store.readAll({ after: LOG_START, limit: 10_000 })).map((e) =>
      toFactEvent(e, { eventId: e.eventId, position: formatPosition(e.position), type: e.type })!,
    );
    expect(recorded).toHaveLength(positions.length);
  });
  afterAll(() => handle.close());

  it('answers every cut exactly as a fold of the log up to it, from snapshots thinned as the log grows', async () => {
    const service = new VerdictService(store, { every: 7, keep: 3, cachedCuts: 2 });
    await service.sync();
    expect(service.snapshotCount).toBeLessThanOrEqual(3);
    expect(service.snapshotCount).toBeGreaterThan(0);
    // Every position, in an order that defeats the cache, then some again (served from it).
    const order = positions.map((_, i) => (i * 37) % positions.length);
    for (const i of [...order, ...order.slice(0, 10)]) {
      const { facts, computedAt } = await service.facts(positions[i]);
      expect(comparePositions(computedAt, positions[i])).toBe(0);
      expect(facts).toEqual(buildVerdictFacts(recorded.slice(0, i + 1)));
    }
  });

  it('keeps answering a cut the same after the log grows', async () => {
    const service = new VerdictService(store, { every: 5, keep: 2, cachedCuts: 1 });
    const middle = positions[Math.floor(positions.length / 2)];
    const before = JSON.stringify([...(await service.facts(middle)).facts.certifications]);
    await store.appendToStream(
      'equivalence-eq-hk02-eu-art50',
      [
        {
          type: 'EquivalenceWithdrawn',
          data: { equivalenceId: 'eq-hk02-eu-art50', withdrawnBy: 'REGULATOR', reason: 'x', withdrawnAt: '2026-11-01T00:00:00.000Z' },
        },
      ],
      {
        expectedVersion: 'any',
        metadata: metadata(),
      },
    );
    await service.sync();
    await service.facts(positions[3]); // push the middle cut out of the cache
    expect(JSON.stringify([...(await service.facts(middle)).facts.certifications])).toBe(before);
  });
});
