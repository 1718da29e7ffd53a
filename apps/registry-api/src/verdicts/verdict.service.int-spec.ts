import { randomUUID } from 'node:crypto';
import {
  comparePositions,
  EventStore,
  formatPosition,
  LOG_START,
  LogPosition,
  openEventStore,
  ReadPageOptions,
  SqlDatabase,
  StoreHandle,
} from '@registry/event-store';
import {
  buildVerdictFacts,
  CATALOG_EQUIVALENCES,
  conditionEvidenceStreamId,
  FactEvent,
  judgeExportReadiness,
  toFactEvent,
  VerdictFacts,
} from '@registry/domain';
import { Logger } from '@nestjs/common';
import { scaleEvents, scaleRow, ScaleEvent } from '../../../../bench/scale-log';
import { createTestDatabase, TestDatabase } from '../../../../test/support/postgres';
import { streamOf, syntheticLog } from './testing/synthetic-log';
import { VerdictService, VerdictSnapshotOptions } from './verdict.service';
import { resolvedFacts } from '@registry/domain/verdict/testing/resolved-facts';

const T = '2026-10-01T00:00:00.000Z';
const ACTOR = { subject: 'test', role: 'REGISTRAR' } as const;

/**
 * The demo catalog, then the bench:scale mix (certifications renewed, suspended, reinstated, amended, revoked;
 * localisations; transfer bases recorded and withdrawn; versions deprecated), then condition evidence recorded
 * and withdrawn (streams the facts cannot name) and one more equivalence change: every kind of stream a
 * knownAt verdict reads.
 */
const testLog = (target: number): ScaleEvent[] => {
  const catalog = syntheticLog(0).map((e): ScaleEvent => ({ stream: streamOf(e), event: e, actor: ACTOR, at: T }));
  const scale = [...scaleEvents(target)];
  const partial = CATALOG_EQUIVALENCES.find((e) => e.proposal.strength === 'PARTIAL')!.proposal;
  const evidence: ScaleEvent[] = [0, 1, 2, 3].flatMap((i) => {
    const modelId = `sm-${i * 7}`;
    const stream = conditionEvidenceStreamId(partial.equivalenceId, modelId, '1');
    const base = { equivalenceId: partial.equivalenceId, conditionId: partial.conditions[0].id, modelId, version: '1' };
    const recorded = {
      stream,
      actor: ACTOR,
      at: T,
      event: { type: 'ConditionEvidenceRecorded', data: { ...base, evidence: 'x', recordedBy: 'FIRM', recordedAt: T } },
    };
    const withdrawn = {
      stream,
      actor: ACTOR,
      at: T,
      event: { type: 'ConditionEvidenceWithdrawn', data: { ...base, reason: 'r', withdrawnAt: '2026-10-05T00:00:00.000Z' } },
    };
    return (i % 2 ? [recorded, withdrawn] : [recorded]) as ScaleEvent[];
  });
  const withdrawal = {
    stream: `equivalence-${partial.equivalenceId}`,
    actor: ACTOR,
    at: T,
    event: {
      type: 'EquivalenceWithdrawn',
      data: { equivalenceId: partial.equivalenceId, withdrawnBy: 'REGULATOR', reason: 'x', withdrawnAt: '2026-10-10T00:00:00.000Z' },
    },
  } as ScaleEvent;
  // Evidence in the middle of the log, the withdrawal near its end.
  const mid = Math.floor(scale.length / 2);
  return [...catalog, ...scale.slice(0, mid), ...evidence, ...scale.slice(mid), withdrawal];
};

/** Bulk-loads the log, `per` events a transaction (so positions span many transactions), as bench:verdict does. */
const load = async (db: SqlDatabase, log: readonly ScaleEvent[], per = 60): Promise<void> => {
  const versions = new Map<string, number>();
  for (let i = 0; i < log.length; i += per) {
    const rows = log.slice(i, i + per).map((e) => {
      const v = (versions.get(e.stream) ?? 0) + 1;
      versions.set(e.stream, v);
      return scaleRow(e, v, randomUUID());
    });
    await db.query(
      `INSERT INTO es_events (stream_id, stream_version, event_id, type, data, metadata, schema_version)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, stream_version bigint, event_id uuid, type text, data jsonb, metadata jsonb, schema_version integer)`,
      [JSON.stringify(rows)],
    );
  }
  for (const [stream, version] of versions)
    await db.query('INSERT INTO es_streams (stream_id, version) VALUES ($1, $2) ON CONFLICT (stream_id) DO UPDATE SET version = $2', [stream, version]);
};

/** Plain JSON of the facts, maps as entry lists (what a cut must equal, exactly). */
const plain = (facts: VerdictFacts): string =>
  JSON.stringify(
    // References resolved: a fold and a restore may number the same events differently.
    Object.entries(resolvedFacts(facts)).map(([k, m]) => [k, [...(m as Map<string, unknown>)]]),
    (_, v: unknown) => (v instanceof Map ? [...v] : v),
  );

const OPTIONS: VerdictSnapshotOptions = { every: 300, keep: 3, cachedCuts: 2, retryDelayMs: 20, pageSize: 100 };

/**
 * The store as a service following a growing log sees it: no page comes back full. A catch-up (full pages) writes
 * one snapshot, at the head; followed as it grew, the log gets one every `every` events, which these specs need.
 */
const followed = (store: EventStore): EventStore =>
  Object.assign(Object.create(store) as EventStore, {
    readPage: ((options: ReadPageOptions) => store.readPage({ ...options, limit: Math.max(1, options.limit - 1) })) as EventStore['readPage'],
  });

const suite = (engine: 'PGlite' | 'PostgreSQL') =>
  describe(`VerdictService: bounded facts and persisted snapshots (${engine})`, () => {
    let handle: StoreHandle;
    let database: TestDatabase | undefined;
    let positions: LogPosition[];
    let recorded: FactEvent[];

    const open = async () =>
      engine === 'PGlite'
        ? openEventStore({ kind: 'pglite' })
        : openEventStore({ kind: 'postgres', url: (database ??= await createTestDatabase('verdicts')).url });

    beforeAll(async () => {
      Logger.overrideLogger(false);
      handle = await open();
      await load(handle.readModels, testLog(2500));
      const all = await handle.store.readAll({ after: LOG_START, limit: 100_000 });
      positions = all.map((e) => e.position);
      recorded = all.map((e) => toFactEvent(e, { eventId: e.eventId, position: formatPosition(e.position), type: e.type })!);
    }, 60_000);
    afterAll(async () => {
      await handle.close();
      await database?.drop();
      Logger.overrideLogger(['log', 'error', 'warn']);
    });
    afterEach(() => handle.readModels.query('DROP TABLE IF EXISTS verdict_snapshots_v1, verdict_snapshot_chunks_v1'));

    const foldTo = (i: number) => buildVerdictFacts(recorded.slice(0, i + 1));
    /** The log length at each persisted snapshot, oldest first. */
    const snapshotEvents = async () =>
      (await handle.readModels.query<{ events: string }>('SELECT events FROM verdict_snapshots_v1 ORDER BY events')).rows.map((r) => Number(r.events));
    const sample = (n: number) => Array.from({ length: n }, (_, k) => Math.floor(((k + 0.5) * positions.length) / n));

    it('persists snapshots in the background, keeping at most `keep`, and answers whole-facts cuts exactly as a fold from the log start', async () => {
      const service = new VerdictService(followed(handle.store), { ...OPTIONS, keep: 2 }, handle.readModels);
      await service.sync();
      await service.snapshotsSettled();
      // How many are written depends on how fast each write is against the fold (one at a time, never waited for).
      expect(service.snapshotCount).toBeGreaterThanOrEqual(2);
      const { rows } = await handle.readModels.query<{ n: number; head: string }>(
        'SELECT count(*)::int AS n, max(events)::text AS head FROM verdict_snapshots_v1',
      );
      expect(rows[0].n).toBeLessThanOrEqual(2);
      // The last write caught up with the fold: the newest snapshot is less than one interval behind the head.
      expect(Number(rows[0].head)).toBeGreaterThan(positions.length - OPTIONS.every);
      expect(plain(service.liveFacts)).toBe(plain(foldTo(positions.length - 1)));
      // Cuts from the persisted snapshots, by an instance reading the log as it is (a cut stops at a page that is not full).
      const reader = new VerdictService(handle.store, { ...OPTIONS, every: Number.MAX_SAFE_INTEGER }, handle.readModels);
      for (const i of [0, ...sample(7), positions.length - 2]) {
        const { facts, computedAt } = await reader.facts(positions[i]);
        expect(comparePositions(computedAt, positions[i])).toBe(0);
        const full = foldTo(i);
        expect(plain(facts)).toBe(plain(full));
        const wide = (await reader.registryWideFacts(positions[i])).facts;
        for (const m of ['frameworks', 'certifiers', 'equivalences', 'sandboxSuites'] as const)
          expect(JSON.stringify([...wide[m]])).toBe(JSON.stringify([...full[m]]));
      }
      await Promise.all([service, reader].map((s) => s.onModuleDestroy()));
    });

    it('reads the next page while folding this one: the same facts, each page read once, a failed read ahead read again in turn', async () => {
      const afters: string[] = [];
      const failed: string[] = [];
      const head = formatPosition(positions[positions.length - 1]);
      const failing = Object.assign(Object.create(handle.store) as EventStore, {
        readPage: (async (options: ReadPageOptions) => {
          const after = formatPosition(options.after);
          const first = !afters.includes(after);
          afters.push(after);
          // The first read of every third page fails: a read ahead, if the next page is read while this one is folded
          // (a read in turn failing would fail the sync). Not the read at the head: a page that was not full is read after.
          if (first && new Set(afters).size % 3 === 0 && after !== head) {
            failed.push(after);
            throw new Error('connection lost');
          }
          return handle.store.readPage(options);
        }) as EventStore['readPage'],
      });
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      const service = new VerdictService(failing, { ...OPTIONS, every: Number.MAX_SAFE_INTEGER }, handle.readModels);
      await service.sync();
      await new Promise((r) => setImmediate(r));
      process.off('unhandledRejection', onUnhandled);
      expect(unhandled).toEqual([]);
      expect(plain(service.liveFacts)).toBe(plain(foldTo(positions.length - 1)));
      // One read per page of 100 and one at the head (it finds nothing), plus a second of each page whose read ahead failed.
      const pages = Math.ceil(positions.length / 100) + 1;
      expect(new Set(afters).size).toBe(pages);
      expect(failed.length).toBeGreaterThan(5);
      expect(afters).toHaveLength(pages + failed.length);
      for (const after of failed) expect(afters.filter((a) => a === after)).toHaveLength(2);
      await service.onModuleDestroy();
    });

    it('answers a knownAt verdict from the version’s streams exactly as from the whole log folded up to the cut', async () => {
      const service = new VerdictService(handle.store, OPTIONS, handle.readModels);
      await service.sync();
      const live = service.liveFacts;
      const versions = [...live.models.values()].flatMap((m) => [...m.versions.keys()].map((v) => [m.modelId, v] as const));
      const withEvidence = [...live.conditionEvidence.keys()].map((k) => k.split('/').slice(-2) as [string, string]);
      let compared = 0;
      for (const i of [...sample(6), positions.length - 2]) {
        const facts = foldTo(i);
        const picked = [...withEvidence, ...versions.filter((_, k) => k % 47 === i % 47)];
        for (const [modelId, version] of picked)
          for (const jurisdiction of ['EU', 'CN', 'SG'])
            for (const asOf of ['2026-03-01T00:00:00.000Z', '2026-10-07T00:00:00.000Z', '2027-06-01T00:00:00.000Z']) {
              const query = { modelId, version, jurisdiction, useCase: Number(modelId.slice(3)) % 2 ? 'lending' : 'chatbot', asOf };
              const { verdict } = await service.judge(query, positions[i]);
              expect(JSON.stringify(verdict)).toBe(JSON.stringify(judgeExportReadiness(facts, query)));
              compared++;
            }
      }
      expect(compared).toBeGreaterThan(1000);
      await service.onModuleDestroy();
    }, 120_000);

    it('restarts from the newest persisted snapshot and folds only the log after it', async () => {
      const first = new VerdictService(followed(handle.store), OPTIONS, handle.readModels);
      await first.sync();
      await first.snapshotsSettled();
      await first.onModuleDestroy();
      const { rows } = await handle.readModels.query<{ events: string }>(
        'SELECT events FROM verdict_snapshots_v1 ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
      );
      const newest = Number(rows[0].events);
      expect(newest).toBeGreaterThan(positions.length / 2);

      const restarted = new VerdictService(handle.store, OPTIONS, handle.readModels);
      await restarted.sync();
      expect(restarted.foldedCount).toBe(positions.length - newest);
      expect(plain(restarted.liveFacts)).toBe(plain(foldTo(positions.length - 1)));
      // A cut before the snapshot still answers as the log says (the restarted service never folded it).
      const i = Math.floor(positions.length / 3);
      expect(plain((await restarted.facts(positions[i])).facts)).toBe(plain(foldTo(i)));

      // Bounded by a start floor (the readiness rows' checkpoint): an earlier snapshot, or none.
      const floor = positions[Math.floor(positions.length / 2)];
      const floored = new VerdictService(handle.store, OPTIONS, handle.readModels, () => Promise.resolve(floor));
      await floored.sync();
      expect(floored.foldedCount).toBeGreaterThan(positions.length / 2);
      expect(floored.foldedCount).toBeLessThan(positions.length);
      const none = new VerdictService(handle.store, OPTIONS, handle.readModels, () => Promise.resolve(null));
      await none.sync();
      expect(none.foldedCount).toBe(positions.length);
      await Promise.all([restarted, floored, none].map((s) => s.onModuleDestroy()));
    });

    it('ignores a snapshot of another format or rules version, and falls back to folding when one is corrupt', async () => {
      const first = new VerdictService(handle.store, { ...OPTIONS, keep: 2 }, handle.readModels);
      await first.sync();
      await first.snapshotsSettled();
      await handle.readModels.query('UPDATE verdict_snapshots_v1 SET format = format + 1');
      // The services reading the damaged snapshots write none of their own: a background write racing the next
      // UPDATE would otherwise hand the following service an intact snapshot.
      const READ_ONLY = { ...OPTIONS, every: Number.MAX_SAFE_INTEGER };
      const mismatched = new VerdictService(handle.store, READ_ONLY, handle.readModels);
      await mismatched.sync();
      expect(mismatched.foldedCount).toBe(positions.length);
      expect(plain(mismatched.liveFacts)).toBe(plain(foldTo(positions.length - 1)));

      await handle.readModels.query('UPDATE verdict_snapshots_v1 SET format = format - 1');
      await handle.readModels.query(`UPDATE verdict_snapshot_chunks_v1 SET data = decode('1f8b0800deadbeef', 'hex') WHERE seq = 1`);
      const corrupt = new VerdictService(handle.store, READ_ONLY, handle.readModels);
      await corrupt.sync();
      expect(corrupt.foldedCount).toBe(positions.length);
      expect(plain(corrupt.liveFacts)).toBe(plain(foldTo(positions.length - 1)));
      const i = positions.length - 5;
      expect(plain((await corrupt.facts(positions[i])).facts)).toBe(plain(foldTo(i)));

      // Valid gzip, valid JSON, not a chunk of facts.
      await handle.readModels.query(
        `UPDATE verdict_snapshot_chunks_v1 SET data = decode('1f8b08000000000000034bcb2f07000d82fdd803000000', 'hex') WHERE seq = 0`,
      );
      const garbled = new VerdictService(handle.store, READ_ONLY, handle.readModels);
      await garbled.sync();
      expect(garbled.foldedCount).toBe(positions.length);
      await Promise.all([first, mismatched, corrupt, garbled].map((s) => s.onModuleDestroy()));
    });

    it.each([
      ['over full pages (none on the way)', false],
      ['to a last page that came back exactly full (the empty read after it finds the head)', true],
    ])('catching up %s, writes one snapshot, at the head', async (_, onePage) => {
      const options = onePage ? { ...OPTIONS, pageSize: positions.length } : OPTIONS;
      const service = new VerdictService(handle.store, options, handle.readModels);
      await service.sync();
      await service.snapshotsSettled();
      expect(service.snapshotCount).toBe(1);
      expect(await snapshotEvents()).toEqual([positions.length]);
      await service.onModuleDestroy();
    });

    it('folds on past a listener that throws, and still tells the other listeners', async () => {
      const service = new VerdictService(handle.store, { ...OPTIONS, every: Number.MAX_SAFE_INTEGER }, handle.readModels);
      const told: number[] = [];
      service.onApplied(() => {
        throw new Error('LISTENER.BROKEN');
      });
      service.onApplied((batch) => told.push(batch.length));
      await service.sync();
      expect(service.foldedCount).toBe(positions.length);
      expect(told.length).toBeGreaterThan(1);
      expect(plain(service.liveFacts)).toBe(plain(foldTo(positions.length - 1)));
      await service.onModuleDestroy();
    });

    it('gives up a snapshot write in progress when closed without a deadline, or with too little of one left', async () => {
      const warnings: string[] = [];
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
      try {
        for (const shutdown of [undefined, { deadline: Date.now() + 500 }]) {
          const service = new VerdictService(
            handle.store,
            { ...OPTIONS, every: positions.length - 10, pageSize: 10_000 },
            handle.readModels,
            undefined,
            shutdown,
          );
          await service.sync();
          // The write has started (the fork is taken synchronously at the end of the page); stop at once.
          await service.onModuleDestroy();
          expect(service.snapshotCount).toBe(0);
          const { rows } = await handle.readModels.query<{ n: number }>('SELECT count(*)::int AS n FROM verdict_snapshots_v1');
          expect(rows[0].n).toBe(0);
        }
        expect(warnings.filter((w) => w.includes('not written before the process stops (VERDICT_SNAPSHOT.STOPPED)'))).toHaveLength(2);
      } finally {
        warn.mockRestore();
      }
    });

    it('stopped by a signal, finishes the snapshot write in progress within the grace period', async () => {
      const service = new VerdictService(handle.store, { ...OPTIONS, every: positions.length - 10, pageSize: 10_000 }, handle.readModels, undefined, {
        deadline: Date.now() + 60_000,
      });
      await service.sync();
      await service.onModuleDestroy();
      expect(service.snapshotCount).toBe(1);
      expect(await snapshotEvents()).toEqual([positions.length]);
    });

    it('stopped by a signal half-way through a catch-up, writes the snapshot then due, at the facts folded so far', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let reached!: () => void;
      const atGate = new Promise<void>((resolve) => (reached = resolve));
      let reads = 0;
      // The third read waits: two full pages of 500 folded, past `every` (300), none written while catching up.
      const held = Object.assign(Object.create(handle.store) as EventStore, {
        readPage: (async (options: ReadPageOptions) => {
          if (++reads === 3) {
            reached();
            await gate;
          }
          return handle.store.readPage(options);
        }) as EventStore['readPage'],
      });
      const service = new VerdictService(held, { ...OPTIONS, pageSize: 500 }, handle.readModels, undefined, { deadline: Date.now() + 60_000 });
      const syncing = service.sync();
      await atGate;
      expect(service.snapshotCount).toBe(0);
      await service.onModuleDestroy();
      expect(service.snapshotCount).toBe(1);
      expect(await snapshotEvents()).toEqual([1000]);
      // The fold goes on to the head once the read answers; no other snapshot starts while closing.
      release();
      await syncing;
      await service.snapshotsSettled();
      expect(service.snapshotCount).toBe(1);
      expect(service.foldedCount).toBe(positions.length);
    });

    it('serialises a snapshot due at the head only once the foreground work (the readiness rows) has ended', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const service = new VerdictService(handle.store, { ...OPTIONS, every: positions.length - 10, pageSize: 10_000 }, handle.readModels);
      // The foreground work starts first, as the readiness update does once the facts are at the head.
      const work = service.inForeground(async () => {
        await gate;
        return 'rows written';
      });
      await service.sync(); // the snapshot at the head is due now, and taken
      const settled = service.snapshotsSettled().then(() => 'snapshot written');
      // Long enough for a snapshot of 2,500 events to be written several times over, had it not waited.
      expect(await Promise.race([settled, new Promise((r) => setTimeout(() => r('waiting'), 1500))])).toBe('waiting');
      expect(service.snapshotCount).toBe(0);
      release();
      expect(await work).toBe('rows written');
      expect(await settled).toBe('snapshot written');
      expect(await snapshotEvents()).toEqual([positions.length]);
    });

    it('does not hold a snapshot for foreground work once stopped by a signal: it is written within the grace period', async () => {
      const service = new VerdictService(handle.store, { ...OPTIONS, every: positions.length - 10, pageSize: 10_000 }, handle.readModels, undefined, {
        deadline: Date.now() + 60_000,
      });
      let release!: () => void;
      const work = service.inForeground(() => new Promise<void>((resolve) => (release = resolve)));
      await service.sync();
      await service.onModuleDestroy();
      expect(service.snapshotCount).toBe(1);
      release();
      await work;
    });

    it('survives a failing snapshot write: answers on, logs the error code only, and writes the snapshot on a later try', async () => {
      let failing = 2;
      const db = {
        query: handle.readModels.query.bind(handle.readModels),
        transaction: <T>(work: Parameters<SqlDatabase['transaction']>[0]) =>
          failing-- > 0
            ? Promise.reject(Object.assign(new Error('secret row value 4242'), { code: '53100' }))
            : (handle.readModels.transaction(work) as Promise<T>),
      } as Pick<SqlDatabase, 'query' | 'transaction'>;
      const errors: string[] = [];
      const logger = jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void errors.push(String(message)));
      try {
        const due = new VerdictService(handle.store, OPTIONS, db);
        await due.sync();
        await due.snapshotsSettled();
        expect(errors.length).toBeGreaterThanOrEqual(1);
        expect(errors.join('\n')).toContain('53100');
        expect(errors.join('\n')).not.toContain('4242');
        expect(plain((await due.facts()).facts)).toBe(plain(foldTo(positions.length - 1)));
        // The retry timer writes it once the database answers again.
        for (let k = 0; k < 100 && due.snapshotCount === 0; k++) {
          await new Promise((r) => setTimeout(r, 20));
          await due.snapshotsSettled();
        }
        expect(due.snapshotCount).toBeGreaterThanOrEqual(1);
        await due.onModuleDestroy();
      } finally {
        logger.mockRestore();
      }
    });
  });

suite('PGlite');
suite('PostgreSQL');
