import { randomUUID } from 'node:crypto';
import { CommandMetadata, RegistryError } from '@registry/kernel';
import { AppendOptions, AppendResult, EventStore, NewEvent, RecordedEvent } from '../event-store.port';
import { comparePositions, LOG_START, LogPosition } from '../log-position';

/**
 * The one contract every event-store adapter must meet. Each adapter's *.int-spec.ts calls this with a
 * factory that opens a fresh, empty store; the suite talks to the `EventStore` port only. What only some
 * engines can do (hold a writer's transaction open to stage the gap interleaving) comes in as capabilities,
 * and the tests that need one run only where it is given.
 */
export interface ContractSubject {
  readonly store: EventStore;
  readonly capabilities?: ContractCapabilities;
  dispose(): Promise<void>;
}

export interface ContractCapabilities {
  /**
   * How many events are stored, counted directly without any visibility horizon: the right check for
   * "nothing was written". Without it the suite reads the whole log through the port.
   */
  storedEvents?(): Promise<number>;
  /** True when writers run concurrently (false: one transaction at a time, as PGlite). Default true. */
  readonly concurrentWriters?: boolean;
  /**
   * Runs `work` as one writer whose appends are not committed until `work` resolves (rolled back if it
   * throws): used to prove that a reader never skips an event an earlier-started writer commits late.
   */
  holdWriter?<T>(work: (writer: HeldWriter) => Promise<T>): Promise<T>;
}

export interface HeldWriter {
  /** Takes this writer's place in commit order now (a transaction id), before it writes anything. */
  begin(): Promise<void>;
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
}

export const metadata = (overrides: Partial<CommandMetadata> = {}): CommandMetadata => ({
  actor: { subject: 'registrar-hk', role: 'REGISTRAR' },
  issuedAt: '2026-11-25T00:00:00.000Z',
  correlationId: randomUUID(),
  causationId: null,
  commandId: randomUUID(),
  ...overrides,
});

const events = (n: number, prefix = 'Thing'): NewEvent[] =>
  Array.from({ length: n }, (_, i) => ({ type: `${prefix}Happened`, data: { i, note: `event "${i}" \\ ünïcode` } }));

const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> => {
  try {
    await promise;
    return undefined;
  } catch (e) {
    if (e instanceof RegistryError) return e.code;
    throw e;
  }
};

/**
 * How many events are stored, counted directly (no visibility horizon): the right check for "nothing was
 * written". Reading the log is not: it hides events of transactions above the cluster-wide horizon, which
 * a transaction in another database of the same server (other suites run in parallel) can hold back.
 */
const storedEventsOf = (subject: ContractSubject) => (): Promise<number> =>
  subject.capabilities?.storedEvents ? subject.capabilities.storedEvents() : readWholeLog(subject.store).then((log) => log.length);

/** The whole log once at least `expected` events are visible (they are committed; the horizon may lag). */
const readLogOf = async (store: EventStore, expected: number, pageSize = 1000): Promise<RecordedEvent[]> => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const log = await readWholeLog(store, pageSize);
    if (log.length >= expected || Date.now() > deadline) return log;
    await new Promise((r) => setTimeout(r, 20));
  }
};

const readWholeLog = async (store: EventStore, pageSize = 1000): Promise<RecordedEvent[]> => {
  const all: RecordedEvent[] = [];
  let after: LogPosition = LOG_START;
  for (;;) {
    const page = await store.readAll({ after, limit: pageSize });
    if (page.length === 0) return all;
    all.push(...page);
    after = page[page.length - 1].position;
  }
};

/**
 * `capabilities` here are what the adapter declares up front (the tests to register depend on them); the
 * subject each factory call returns carries the live hooks.
 */
export const eventStoreContract = (
  adapter: string,
  open: () => Promise<ContractSubject>,
  capabilities: { readonly concurrentWriters: boolean; readonly holdWriter: boolean } = { concurrentWriters: true, holdWriter: false },
) => {
  describe(`event store contract: ${adapter}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    let storedEvents: () => Promise<number>;
    const holdWriter = <T>(work: (writer: HeldWriter) => Promise<T>): Promise<T> => {
      const capabilities = subject.capabilities;
      if (!capabilities?.holdWriter) throw new Error(`${adapter} declared holdWriter but its subject has none`);
      return capabilities.holdWriter<T>(work);
    };

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
      storedEvents = storedEventsOf(subject);
    });
    afterEach(() => subject.dispose());

    describe('decisions that read other streams (conditions) and decision time', () => {
      const at = (minute: number) => `2026-11-25T10:${String(minute).padStart(2, '0')}:00.000Z`;

      it('appends when every stream the decision read is still at the version read', async () => {
        await store.appendToStream('certifier', events(2), { expectedVersion: 0, metadata: metadata() });
        const r = await store.appendToStream('cert', events(1), {
          expectedVersion: 0,
          metadata: metadata(),
          conditions: [{ streamId: 'certifier', expectedVersion: 2 }],
        });
        expect(r.streamVersion).toBe(1);
      });

      it('refuses, naming the stream that moved, and writes nothing when a condition stream moved', async () => {
        await store.appendToStream('certifier', events(2), { expectedVersion: 0, metadata: metadata() });
        const refused = store.appendToStream('cert', events(1), {
          expectedVersion: 0,
          metadata: metadata(),
          decisionTime: at(5),
          conditions: [{ streamId: 'certifier', expectedVersion: 1 }],
        });
        await expect(refused).rejects.toMatchObject({ code: 'EVENT_STORE.WRONG_EXPECTED_VERSION', details: { streamId: 'certifier', expected: 1, actual: 2 } });
        expect(await storedEvents()).toBe(2);
        // The refused decision left no trace on the condition stream: an earlier decision still fits it.
        await store.appendToStream('certifier', events(1), { expectedVersion: 2, metadata: metadata(), decisionTime: at(1) });
      });

      it('reads a condition at version 0 as "must still not exist"', async () => {
        await store.appendToStream('a', events(1), { expectedVersion: 0, metadata: metadata(), conditions: [{ streamId: 'ghost', expectedVersion: 0 }] });
        await store.appendToStream('ghost', events(1), { expectedVersion: 0, metadata: metadata() });
        await expect(
          store.appendToStream('b', events(1), { expectedVersion: 0, metadata: metadata(), conditions: [{ streamId: 'ghost', expectedVersion: 0 }] }),
        ).rejects.toMatchObject({
          code: 'EVENT_STORE.WRONG_EXPECTED_VERSION',
          details: { streamId: 'ghost' },
        });
      });

      it('keeps decisions in time order on a stream and on the streams they relied on', async () => {
        await store.appendToStream('certifier', events(1), { expectedVersion: 0, metadata: metadata(), decisionTime: at(0) });
        await store.appendToStream('cert', events(1), {
          expectedVersion: 0,
          metadata: metadata(),
          decisionTime: at(10),
          conditions: [{ streamId: 'certifier', expectedVersion: 1 }],
        });
        // A suspension decided at 10:05 would land after an issue decided at 10:10 that relied on the accreditation.
        await expect(store.appendToStream('certifier', events(1), { expectedVersion: 1, metadata: metadata(), decisionTime: at(5) })).rejects.toMatchObject({
          code: 'EVENT_STORE.STALE_DECISION_TIME',
          details: { streamId: 'certifier', latest: at(10) },
        });
        await expect(store.appendToStream('cert', events(1), { expectedVersion: 1, metadata: metadata(), decisionTime: at(9) })).rejects.toMatchObject({
          code: 'EVENT_STORE.STALE_DECISION_TIME',
        });
        await store.appendToStream('certifier', events(1), { expectedVersion: 1, metadata: metadata(), decisionTime: at(10) });
        await store.appendToStream('certifier', events(1), { expectedVersion: 2, metadata: metadata() }); // no decision time: not ordered
        expect(await storedEvents()).toBe(4);
      });

      if (capabilities.concurrentWriters && capabilities.holdWriter) {
        it('waits for a writer of a condition stream that has not committed, then sees that it moved', async () => {
          await store.appendToStream('certifier', events(1), { expectedVersion: 0, metadata: metadata() });
          let release!: () => void;
          const held = new Promise<void>((r) => (release = r));
          let settled = false;
          let conditioned!: Promise<unknown>;
          const writer = holdWriter(async (w) => {
            await w.append('certifier', events(1, 'Suspension'), { expectedVersion: 1, metadata: metadata() });
            conditioned = store
              .appendToStream('cert', events(1), { expectedVersion: 0, metadata: metadata(), conditions: [{ streamId: 'certifier', expectedVersion: 1 }] })
              .finally(() => (settled = true));
            conditioned.catch(() => undefined);
            await held;
          });
          await new Promise((r) => setTimeout(r, 150));
          expect(settled).toBe(false);
          release();
          await writer;
          await expect(conditioned).rejects.toMatchObject({ code: 'EVENT_STORE.WRONG_EXPECTED_VERSION', details: { streamId: 'certifier', actual: 2 } });
          expect(await storedEvents()).toBe(2);
        });
      }

      if (capabilities.concurrentWriters) {
        it('never lets a conditioned append through once the condition stream moved, under a race', async () => {
          await store.appendToStream('certifier', events(1), { expectedVersion: 0, metadata: metadata() });
          const outcomes = await Promise.allSettled([
            store.appendToStream('certifier', events(1, 'Suspension'), { expectedVersion: 1, metadata: metadata() }),
            ...Array.from({ length: 8 }, (_, i) =>
              store.appendToStream(`cert-${i}`, events(1), {
                expectedVersion: 0,
                metadata: metadata(),
                conditions: [{ streamId: 'certifier', expectedVersion: 1 }],
              }),
            ),
          ]);
          expect(outcomes[0].status).toBe('fulfilled');
          const suspension = (outcomes[0] as PromiseFulfilledResult<AppendResult>).value.position;
          // Every conditioned append that got in is before the suspension in the log; none after it.
          for (const o of outcomes.slice(1))
            if (o.status === 'fulfilled') expect(comparePositions(o.value.position, suspension)).toBeLessThan(0);
            else expect((o.reason as RegistryError).code).toBe('EVENT_STORE.WRONG_EXPECTED_VERSION');
        });
      }
    });

    describe('appending and reading a stream', () => {
      it('numbers a new stream from 1 and reads it back with data and metadata intact', async () => {
        const meta = metadata({ causationId: 'req-1', idempotencyKey: undefined });
        const result = await store.appendToStream('firm-1', events(3), { expectedVersion: 0, metadata: meta });
        expect(result.streamVersion).toBe(3);
        expect(result.deduplicated).toBe(false);

        const slice = await store.readStream('firm-1');
        expect(slice.version).toBe(3);
        expect(slice.events.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
        expect(slice.events.map((e) => e.data)).toEqual(events(3).map((e) => e.data));
        for (const e of slice.events) {
          expect(e.metadata).toEqual(meta);
          expect(e.schemaVersion).toBe(1);
          expect(e.recordedAt).toBeInstanceOf(Date);
          expect(e.eventId).toMatch(/^[0-9a-f-]{36}$/);
        }
        expect(comparePositions(result.position, slice.events[2].position)).toBe(0);
      });

      it('reads an unknown stream as version 0 with no events', async () => {
        expect(await store.readStream('nobody')).toEqual({ version: 0, events: [] });
      });

      it('continues a stream at the expected version and keeps schema versions', async () => {
        await store.appendToStream('s', events(2), { expectedVersion: 0, metadata: metadata() });
        const next = await store.appendToStream('s', [{ type: 'Upcasted', data: {}, schemaVersion: 2 }], { expectedVersion: 2, metadata: metadata() });
        expect(next.streamVersion).toBe(3);
        expect((await store.readStream('s')).events[2].schemaVersion).toBe(2);
      });

      it("'any' appends without a version check", async () => {
        await store.appendToStream('s', events(1), { expectedVersion: 'any', metadata: metadata() });
        const r = await store.appendToStream('s', events(2), { expectedVersion: 'any', metadata: metadata() });
        expect(r.streamVersion).toBe(3);
      });
    });

    describe('optimistic concurrency', () => {
      it('refuses a stale expected version and writes nothing', async () => {
        await store.appendToStream('s', events(2), { expectedVersion: 0, metadata: metadata() });
        const before = await storedEvents();

        expect(await codeOf(store.appendToStream('s', events(5), { expectedVersion: 1, metadata: metadata() }))).toBe('EVENT_STORE.WRONG_EXPECTED_VERSION');
        expect(await codeOf(store.appendToStream('s', events(1), { expectedVersion: 0, metadata: metadata() }))).toBe('EVENT_STORE.WRONG_EXPECTED_VERSION');
        expect(await codeOf(store.appendToStream('new', events(1), { expectedVersion: 4, metadata: metadata() }))).toBe('EVENT_STORE.WRONG_EXPECTED_VERSION');
        expect((await store.readStream('s')).version).toBe(2);
        expect(await storedEvents()).toBe(before);
      });

      it('lets exactly one of many concurrent writers with the same expected version win', async () => {
        await store.appendToStream('s', events(1), { expectedVersion: 0, metadata: metadata() });
        const attempts = await Promise.allSettled(
          Array.from({ length: 8 }, (_, w) => store.appendToStream('s', events(2, `Writer${w}`), { expectedVersion: 1, metadata: metadata() })),
        );
        const won = attempts.filter((a) => a.status === 'fulfilled');
        const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.map((l) => (l.reason as RegistryError).code)).toEqual(Array(7).fill('EVENT_STORE.WRONG_EXPECTED_VERSION'));
        const slice = await store.readStream('s');
        expect(slice.version).toBe(3);
        expect(new Set(slice.events.slice(1).map((e) => e.type)).size).toBe(1);
      });
    });

    describe('atomic multi-event appends', () => {
      it('writes all events of a batch or none of them', async () => {
        const clash = randomUUID();
        await store.appendToStream('a', [{ type: 'X', data: {}, eventId: clash }], { expectedVersion: 0, metadata: metadata() });
        // The third event's id is taken by another stream: the whole batch must be refused.
        const batch: NewEvent[] = [
          { type: 'Y', data: { n: 1 } },
          { type: 'Y', data: { n: 2 } },
          { type: 'Y', data: { n: 3 }, eventId: clash },
        ];
        expect(await codeOf(store.appendToStream('b', batch, { expectedVersion: 0, metadata: metadata() }))).toBe('EVENT_STORE.EVENT_ID_REUSED');
        expect(await store.readStream('b')).toEqual({ version: 0, events: [] });
        expect(await storedEvents()).toBe(1);
        // The stream's version row was rolled back too: a fresh stream can still start at 0.
        await store.appendToStream('b', events(1), { expectedVersion: 0, metadata: metadata() });
      });

      it('gives a batch consecutive stream versions and increasing log positions', async () => {
        const r = await store.appendToStream('s', events(10), { expectedVersion: 0, metadata: metadata() });
        expect(r.events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        for (let i = 1; i < r.events.length; i++) expect(comparePositions(r.events[i - 1].position, r.events[i].position)).toBe(-1);
      });
    });

    describe('idempotency', () => {
      it('stores an append once when its idempotency key is repeated, and answers the same', async () => {
        const meta = metadata({ idempotencyKey: 'register-firm-acme' });
        const first = await store.appendToStream('s', events(2), { expectedVersion: 0, metadata: meta });
        // A retry after a lost response: the client re-sends the same request with the same key.
        const again = await store.appendToStream('s', events(2), { expectedVersion: 0, metadata: { ...meta, commandId: randomUUID() } });
        expect(again.deduplicated).toBe(true);
        expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
        expect(again.streamVersion).toBe(first.streamVersion);
        expect(comparePositions(again.position, first.position)).toBe(0);
        expect(await storedEvents()).toBe(2);
      });

      it('refuses a reused idempotency key carrying a different request', async () => {
        await store.appendToStream('s', events(1), { expectedVersion: 0, metadata: metadata({ idempotencyKey: 'k' }) });
        expect(await codeOf(store.appendToStream('s', events(2), { expectedVersion: 1, metadata: metadata({ idempotencyKey: 'k' }) }))).toBe(
          'EVENT_STORE.IDEMPOTENCY_KEY_REUSED',
        );
        expect(await codeOf(store.appendToStream('other', events(1), { expectedVersion: 0, metadata: metadata({ idempotencyKey: 'k' }) }))).toBe(
          'EVENT_STORE.IDEMPOTENCY_KEY_REUSED',
        );
        expect(await storedEvents()).toBe(1);
      });

      it('stores once when the same key arrives concurrently', async () => {
        const results = await Promise.all(
          Array.from({ length: 6 }, () => store.appendToStream('s', events(3), { expectedVersion: 'any', metadata: metadata({ idempotencyKey: 'race' }) })),
        );
        expect(results.filter((r) => !r.deduplicated)).toHaveLength(1);
        const ids = results.map((r) => r.events.map((e) => e.eventId).join());
        expect(new Set(ids).size).toBe(1);
        expect(await storedEvents()).toBe(3);
      });

      it('treats re-sending already stored event ids as a replay of the same batch', async () => {
        const batch: NewEvent[] = [
          { type: 'A', data: { x: 1 }, eventId: randomUUID() },
          { type: 'B', data: { x: 2 }, eventId: randomUUID() },
        ];
        const first = await store.appendToStream('s', batch, { expectedVersion: 0, metadata: metadata() });
        const again = await store.appendToStream('s', batch, { expectedVersion: 0, metadata: metadata() });
        expect(again.deduplicated).toBe(true);
        expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
        expect(await storedEvents()).toBe(2);
        // Same id, other content: not a replay.
        expect(await codeOf(store.appendToStream('s', [{ ...batch[0], data: { x: 9 } }], { expectedVersion: 2, metadata: metadata() }))).toBe(
          'EVENT_STORE.EVENT_ID_REUSED',
        );
      });
    });

    describe('the global log', () => {
      it('reads every stream in commit order, page by page, without repeats', async () => {
        const appended: AppendResult[] = [];
        for (let i = 0; i < 7; i++) appended.push(await store.appendToStream(`s-${i % 3}`, events(3), { expectedVersion: 'any', metadata: metadata() }));
        const log = await readLogOf(store, 21, 4);
        expect(log).toHaveLength(21);
        expect(log.map((e) => e.eventId)).toEqual(appended.flatMap((a) => a.events.map((e) => e.eventId)));
        expect(await store.headPosition()).toEqual(log[log.length - 1].position);
      });

      it('has LOG_START as the head of an empty log', async () => {
        expect(await store.headPosition()).toEqual(LOG_START);
        expect(await store.readAll({ after: LOG_START, limit: 10 })).toEqual([]);
        for (const types of [undefined, ['ThingHappened']])
          expect(await store.readPage({ after: LOG_START, limit: 10, types })).toEqual({ events: [], through: LOG_START, scanned: 0 });
      });

      describe('a page of some types (readPage)', () => {
        /** Three streams interleaved: A, B, C, A, B, C, … (one event per append, so one position each). */
        const interleaved = async (rounds: number): Promise<RecordedEvent[]> => {
          for (let i = 0; i < rounds; i++)
            for (const prefix of ['A', 'B', 'C']) await store.appendToStream(prefix, events(1, prefix), { expectedVersion: 'any', metadata: metadata() });
          return readLogOf(store, rounds * 3);
        };

        it('hands out only the wanted types, and ends where an unfiltered page of the same limit ends', async () => {
          const log = await interleaved(4);
          const first = await store.readPage({ after: LOG_START, limit: 5, types: ['BHappened'] });
          expect(first.events.map((e) => e.eventId)).toEqual([log[1].eventId, log[4].eventId]);
          expect(first.scanned).toBe(5);
          expect(first.through).toEqual(log[4].position);
          expect(first.events).toEqual([log[1], log[4]]); // the same recorded events as readAll gives, data and metadata included
          // The rest, from where the page ended: the last page passes over fewer than the limit (nothing more is there).
          const rest = await store.readPage({ after: first.through, limit: 100, types: ['BHappened', 'CHappened'] });
          expect(rest.events.map((e) => e.type)).toEqual(['CHappened', 'BHappened', 'CHappened', 'BHappened', 'CHappened']);
          expect(rest.scanned).toBe(7);
          expect(rest.through).toEqual(log[11].position);
          expect(await store.readPage({ after: rest.through, limit: 100, types: ['BHappened'] })).toEqual({ events: [], through: rest.through, scanned: 0 });
        });

        it('moves past a page that holds none of the wanted types', async () => {
          const log = await interleaved(2);
          expect(await store.readPage({ after: LOG_START, limit: 4, types: ['NeverHappened'] })).toEqual({ events: [], through: log[3].position, scanned: 4 });
          expect(await store.readPage({ after: LOG_START, limit: 10, types: [] })).toEqual({ events: [], through: log[5].position, scanned: 6 });
        });

        it('reads every type without `types`, as readAll does', async () => {
          const log = await interleaved(2);
          expect(await store.readPage({ after: log[0].position, limit: 3 })).toEqual({ events: log.slice(1, 4), through: log[3].position, scanned: 3 });
        });

        it('hands out bare events (no metadata, no recording time) when asked, with or without types', async () => {
          const log = await interleaved(2);
          const bare = log.map(({ metadata: _, recordedAt: __, ...rest }) => rest);
          const all = await store.readPage({ after: LOG_START, limit: 10, bare: true });
          expect(all).toEqual({ events: bare, through: log[5].position, scanned: 6 });
          for (const e of all.events)
            expect(Object.keys(e).sort()).toEqual(['data', 'eventId', 'position', 'schemaVersion', 'streamId', 'streamVersion', 'type']);
          expect(await store.readPage({ after: LOG_START, limit: 4, types: ['CHappened'], bare: true })).toEqual({
            events: [bare[2]],
            through: log[3].position,
            scanned: 4,
          });
        });

        it('takes hostile type names as plain strings', async () => {
          const log = await interleaved(1);
          const hostile = ["AHappened' OR '1'='1", 'AHappened"); DROP TABLE es_events; --', '%', '', 'a'.repeat(10_000), '\u0000'];
          expect(await store.readPage({ after: LOG_START, limit: 10, types: hostile })).toEqual({ events: [], through: log[2].position, scanned: 3 });
          expect(await readLogOf(store, 3)).toHaveLength(3);
        });
      });

      it('reads a stream as it was known at a log position', async () => {
        const first = await store.appendToStream('s', events(2), { expectedVersion: 0, metadata: metadata() });
        await store.appendToStream('s', events(3), { expectedVersion: 2, metadata: metadata() });
        const then = await store.readStream('s', { knownAt: first.position });
        expect(then.version).toBe(2);
        expect(then.events).toHaveLength(2);
      });

      it('tells local listeners of each committed append', async () => {
        const seen: LogPosition[] = [];
        const stop = store.onAppended((p) => seen.push(p));
        const r = await store.appendToStream('s', events(1), { expectedVersion: 0, metadata: metadata() });
        stop();
        await store.appendToStream('s', events(1), { expectedVersion: 1, metadata: metadata() });
        expect(seen).toEqual([r.position]);
      });

      if (capabilities.concurrentWriters && capabilities.holdWriter) {
        it('never skips an event that an earlier-started writer commits after a later one (the gap problem)', async () => {
          let releaseOlder!: () => void;
          const olderMayCommit = new Promise<void>((r) => (releaseOlder = r));
          let olderHasXid!: () => void;
          const olderStarted = new Promise<void>((r) => (olderHasXid = r));
          let olderInserted!: () => void;
          const olderWrote = new Promise<void>((r) => (olderInserted = r));
          let youngerMayInsert!: () => void;
          const youngerGo = new Promise<void>((r) => (youngerMayInsert = r));

          // Older transaction: takes its transaction id first, but inserts *after* the younger one.
          const older = holdWriter(async (w) => {
            await w.begin();
            olderHasXid();
            await youngerGo;
            await w.append('older', events(1, 'Older'), { expectedVersion: 0, metadata: metadata() });
            olderInserted();
            await olderMayCommit;
          });
          await olderStarted;
          // Younger transaction: a later transaction id, but it takes its sequence number first... and the
          // older then takes a higher one. Commit order: younger first.
          const younger = holdWriter(async (w) => {
            await w.begin();
            await w.append('younger-first', events(1, 'YoungerFirst'), { expectedVersion: 0, metadata: metadata() });
            youngerMayInsert();
            await olderWrote;
          });
          await younger;

          // While the older writer is open, nothing of the younger is handed out: it could be overtaken.
          const whileOpen = await store.readAll({ after: LOG_START, limit: 100 });
          expect(whileOpen).toEqual([]);
          // Nor does a page of some types move past it: the younger event is not passed over either.
          expect(await store.readPage({ after: LOG_START, limit: 100, types: ['OlderHappened'] })).toEqual({ events: [], through: LOG_START, scanned: 0 });
          releaseOlder();
          await older;

          const log = await readLogOf(store, 2);
          expect(log.map((e) => e.type)).toEqual(['OlderHappened', 'YoungerFirstHappened']);
          const olderOnly = await store.readPage({ after: LOG_START, limit: 100, types: ['OlderHappened'] });
          expect(olderOnly.events.map((e) => e.type)).toEqual(['OlderHappened']);
          expect(olderOnly.through).toEqual(log[1].position);
          // The younger event holds the lower sequence number: ordering by it alone would have skipped one.
          expect(log[1].position.globalPosition < log[0].position.globalPosition).toBe(true);
        });
      }

      if (capabilities.concurrentWriters) {
        it('a consumer reading continuously while 8 writers append concurrently sees every event exactly once', async () => {
          const seen: string[] = [];
          let after: LogPosition = LOG_START;
          let writing = true;
          const deadline = () => !writing && Date.now() > stoppedAt + 10_000;
          let stoppedAt = 0;
          // Reads until it has seen all 400 (visibility can lag commits), or gives up 10 s after the writers stop.
          const consumer = (async () => {
            while (seen.length < 400 && !deadline()) {
              const page = await store.readAll({ after, limit: 50 });
              for (const e of page) seen.push(e.eventId);
              if (page.length) after = page[page.length - 1].position;
              else await new Promise((r) => setTimeout(r, 2));
            }
          })();
          const written = await Promise.all(
            Array.from({ length: 8 }, async (_, w) => {
              const ids: string[] = [];
              for (let i = 0; i < 25; i++) {
                const r = await store.appendToStream(`w-${w}`, events(2), { expectedVersion: i * 2, metadata: metadata() });
                ids.push(...r.events.map((e) => e.eventId));
              }
              return ids;
            }),
          );
          writing = false;
          stoppedAt = Date.now();
          await consumer;
          expect(seen).toHaveLength(400);
          expect(new Set(seen)).toEqual(new Set(written.flat()));
        });
      } else if (capabilities.holdWriter) {
        it('runs transactions one at a time, so no later commit can take an earlier position', async () => {
          const order: string[] = [];
          let release!: () => void;
          const held = new Promise<void>((r) => (release = r));
          const first = holdWriter(async (w) => {
            await w.append('first', events(1), { expectedVersion: 0, metadata: metadata() });
            order.push('first-wrote');
            await held;
            order.push('first-commits');
          });
          const second = store.appendToStream('second', events(1), { expectedVersion: 0, metadata: metadata() }).then(() => order.push('second-wrote'));
          await new Promise((r) => setTimeout(r, 50));
          release();
          await Promise.all([first, second]);
          expect(order).toEqual(['first-wrote', 'first-commits', 'second-wrote']);
          const log = await readLogOf(store, 2);
          expect(log.map((e) => e.streamId)).toEqual(['first', 'second']);
        });
      }
    });
  });
};
