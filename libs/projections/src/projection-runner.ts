import { BareEvent, comparePositions, formatPosition, LOG_START, LogPage, LogPosition, RecordedEvent, SqlExecutor, StoreHandle } from '@registry/event-store';
import { RegistryError } from '@registry/kernel';
import { AnyProjection, PreparedBatch } from './projection';

/**
 * Where projections read from and write to: the log through the port, the read-model database, and (when the
 * log lives in that database) a reader that joins the batch's transaction. A `StoreHandle` is one.
 */
export type ProjectionSource = Pick<StoreHandle, 'store' | 'readModels' | 'logReader'>;

export interface ProjectionRunnerOptions {
  /** Events applied per transaction. */
  readonly batchSize?: number;
  /**
   * While a projection is behind (its last batch came back full), each next batch doubles, up to this many
   * events; the first batch that is not full brings it back to `batchSize`. Catching up on a long log then
   * pays the per-transaction cost (checkpoint lock, read, checkpoint write, commit) less often. Default:
   * `batchSize` (no growth).
   */
  readonly maxBatchSize?: number;
  /** How often an idle projection looks for events written by other processes (ms). */
  readonly pollIntervalMs?: number;
  /**
   * Called after each batch that moved a checkpoint commits, with the events it applied (0 when the page it passed
   * over held none of the projection's types); used by progress bars and tests.
   */
  readonly onBatch?: (projection: string, checkpoint: LogPosition, applied: number) => void;
  /**
   * How long a background projection (`schedule: 'background'`) waits after an append woke it before it reads
   * the log, so that a burst of appends is applied as one batch (ms; default 100). A `waitFor` naming it cuts
   * the wait short.
   */
  readonly coalesceMs?: number;
}

/** Which projections `waitFor` waits for: the awaited ones (default), all of them, or these by name. */
export type WaitForScope = 'awaited' | 'all' | readonly string[];

/**
 * Projections that share one loop. The awaited projections form one lane, woken at once by every append;
 * the background projections another, whose wake-ups are coalesced. A slow background batch therefore never
 * delays a command waiting for the awaited read models.
 */
interface Lane {
  readonly projections: readonly AnyProjection[];
  readonly coalesceMs: number;
  /** Something was appended since the lane last read the log. */
  pending: boolean;
  /** A waiter, a rebuild or stop wants the lane now (no coalescing). */
  urgent: boolean;
  /** Set while the lane idles: re-examines `pending`/`urgent`. */
  wake: (() => void) | undefined;
}

interface Waiter {
  readonly position: LogPosition;
  readonly names: readonly string[];
  resolve(): void;
}

interface Checkpoint {
  readonly position: LogPosition;
  readonly version: number;
  /** The transaction that wrote the row (its `xmin`): which batch or reset of which process left it. */
  readonly writtenBy: string;
}

/**
 * The next page of the log, read on the store's own connections while a batch is applied. `page` never
 * rejects: a failed read resolves to undefined (the batch then reads as usual).
 */
interface Prefetch {
  readonly after: LogPosition;
  readonly limit: number;
  /** The projection's reset count when the read started: a page from before a reset is never used. */
  readonly resets: number;
  readonly page: Promise<LogPage<BareEvent> | undefined>;
  /**
   * The page's batch, prepared while the batch before it was written (`Projection.prepareBatch`); never rejects
   * (undefined: the batch is prepared in its own transaction as usual).
   */
  prepared?: Promise<PreparedBatch | undefined>;
  /**
   * The checkpoint row as the batch before this page wrote it (`Checkpoint.writtenBy`): a batch prepared ahead is
   * written only if the next batch locks that very row version (nothing else wrote the row since, a reset included).
   */
  writtenBy?: string;
}

const CHECKPOINT_TABLE = `CREATE TABLE IF NOT EXISTS es_projection_checkpoints (
  name           text PRIMARY KEY,
  version        integer     NOT NULL,
  transaction_id xid8        NOT NULL,
  global_position bigint     NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Feeds projections from the global log. Each batch is one transaction: lock the checkpoint row, read the
 * events after it, apply them, move the checkpoint. The row lock makes several processes on one database
 * safe (a batch is applied by exactly one of them); the single transaction makes a crash at any point
 * harmless (the batch is either wholly applied with its checkpoint, or not at all). While a projection is behind (its
 * batch came back full), the next page is read on the store's own connections while the batch is applied; the next
 * batch applies that page only if the checkpoint it locked is still where the page starts, and reads as usual otherwise.
 */
export class ProjectionRunner {
  private readonly checkpoints = new Map<string, LogPosition>();
  /** Resets per projection: a batch that ran across a reset must not move the position back past it. */
  private readonly resets = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private readonly projections: AnyProjection[];
  private lanes: Lane[] = [];
  private running: Promise<unknown> | undefined;
  private stopping = false;
  private unsubscribe: (() => void) | undefined;
  private readonly batchSize: number;
  private readonly maxBatchSize: number;
  /** The next batch's size per projection, while it is behind. */
  private readonly nextBatch = new Map<string, number>();
  /** The next page per projection, read while the batch before it was applied (only while it is behind). */
  private readonly prefetches = new Map<string, Prefetch>();
  /**
   * When each caught-up projection's last batch found nothing (performance.now()), until something wakes its lane. Its
   * lane passes it over until then, or until a poll interval has gone by (for what other processes append): while
   * another projection of the lane catches up (a rebuild), it read an empty page in a transaction of its own for every
   * batch of that one (docs/benchmarks.md, 26 Nov).
   */
  private readonly quietSince = new Map<string, number>();
  private readonly pollIntervalMs: number;
  /** Preparations ahead still running, per projection (awaited before a reset and on stop, whether used or not). */
  private readonly preparing = new Map<string, Set<Promise<unknown>>>();
  /** Projections being reset now: nothing is prepared ahead for them meanwhile (a snapshot would hold their tables). */
  private readonly resetting = new Set<string>();
  /** Each projection's last batch in this process: the next waits for it (the loop's and `catchUp`'s never overlap). */
  private readonly lastBatch = new Map<string, Promise<unknown>>();

  constructor(
    private readonly source: ProjectionSource,
    projections: readonly AnyProjection[] = [],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.maxBatchSize = Math.max(this.batchSize, options.maxBatchSize ?? this.batchSize);
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.projections = [];
    this.register(...projections);
  }

  /**
   * Adds projections before `start` (the app registers those its feature modules declare). A name may appear
   * once: two read models sharing a checkpoint row would each skip what the other applied.
   */
  register(...projections: readonly AnyProjection[]): void {
    if (this.running) throw new Error('Projections are registered before the runner starts');
    for (const projection of projections) {
      if (this.projections.some((p) => p.name === projection.name)) throw new Error(`Two projections are named ${projection.name}`);
      this.projections.push(projection);
    }
    const awaited = this.projections.filter((p) => p.schedule !== 'background');
    const background = this.projections.filter((p) => p.schedule === 'background');
    const lane = (members: AnyProjection[], coalesceMs: number): Lane => ({ projections: members, coalesceMs, pending: false, urgent: false, wake: undefined });
    this.lanes = [...(awaited.length ? [lane(awaited, 0)] : []), ...(background.length ? [lane(background, Math.max(0, this.options.coalesceMs ?? 100))] : [])];
  }

  /** Creates tables, rebuilds projections whose version changed, then keeps every projection caught up. */
  async start(): Promise<void> {
    const db = this.source.readModels;
    await db.query(CHECKPOINT_TABLE);
    for (const projection of this.projections) {
      await projection.setup(db);
      const stored = await this.readCheckpoint(db, projection.name);
      if (!stored || stored.version !== projection.version) await this.resetProjection(projection);
      else this.checkpoints.set(projection.name, stored.position);
    }
    this.unsubscribe = this.source.store.onAppended(() => this.wakeLanes(this.lanes, false));
    this.running = Promise.all(this.lanes.map((lane) => this.loop(lane)));
  }

  /**
   * Processes everything visible now, then returns (used by one-shot rebuilds, tests, and before signing a
   * checkpoint on demand). With `names`, only those projections.
   */
  async catchUp(names?: readonly string[]): Promise<void> {
    const chosen = names ? this.namesIn(names) : this.projections.map((p) => p.name);
    for (const projection of this.projections.filter((p) => chosen.includes(p.name))) while ((await this.runBatch(projection)) > 0);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.wakeLanes(this.lanes, true);
    await this.running;
    // No read of the log outlives the runner (the store may be closed next).
    await this.discardPrefetches();
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters.clear();
  }

  /** Throws away a read model and builds it again from position 0 (crash-safe: it resumes where it was). */
  async rebuild(name: string): Promise<void> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`No projection named ${name}`);
    await this.resetProjection(projection);
    this.wakeLanes(
      this.lanes.filter((l) => l.projections.includes(projection)),
      true,
    );
  }

  /** Position every projection has reached (the lowest of them). */
  position(): LogPosition {
    let lowest: LogPosition | undefined;
    for (const p of this.projections) {
      const c = this.checkpoints.get(p.name) ?? LOG_START;
      if (!lowest || comparePositions(c, lowest) < 0) lowest = c;
    }
    return lowest ?? LOG_START;
  }

  /** Position each projection has reached, by name (for health checks and metrics; no database read). */
  positions(): ReadonlyMap<string, LogPosition> {
    return new Map(this.projections.map((p) => [p.name, this.checkpoints.get(p.name) ?? LOG_START]));
  }

  /**
   * Resolves once the projections in `scope` have applied `position`: a mutation waits for this before reading
   * its own write back. By default only the awaited projections count: a background one (the transparency
   * tree) is waited for only when named, or with 'all'. Rejects with PROJECTION.LAGGING after `timeoutMs`.
   */
  waitFor(position: LogPosition, timeoutMs = 10_000, scope: WaitForScope = 'awaited'): Promise<void> {
    const names = this.namesIn(scope);
    if (this.reached(names, position)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        position,
        names,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new RegistryError(
            'INTERNAL',
            'PROJECTION.LAGGING',
            `Read models did not reach log position ${formatPosition(position)} within ${timeoutMs} ms; the write is stored.`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
      this.wakeLanes(
        this.lanes.filter((l) => l.projections.some((p) => names.includes(p.name))),
        true,
      );
    });
  }

  private namesIn(scope: WaitForScope): readonly string[] {
    if (scope === 'all') return this.projections.map((p) => p.name);
    if (scope === 'awaited') return this.projections.filter((p) => p.schedule !== 'background').map((p) => p.name);
    for (const name of scope) if (!this.projections.some((p) => p.name === name)) throw new Error(`No projection named ${name}`);
    return scope;
  }

  /** Whether every named projection has applied `position` (true for none). */
  private reached(names: readonly string[], position: LogPosition): boolean {
    return names.every((name) => comparePositions(this.checkpoints.get(name) ?? LOG_START, position) >= 0);
  }

  private wakeLanes(lanes: readonly Lane[], urgent: boolean): void {
    for (const lane of lanes) {
      lane.pending = true;
      if (urgent) lane.urgent = true;
      for (const projection of lane.projections) this.quietSince.delete(projection.name);
      lane.wake?.();
    }
  }

  /** Whether the lane may pass over this projection now: it found nothing, nothing woke the lane since, and a poll interval has not gone by. */
  private quiet(projection: AnyProjection): boolean {
    const since = this.quietSince.get(projection.name);
    return since !== undefined && performance.now() - since < this.pollIntervalMs;
  }

  /**
   * One lane's loop. The awaited lane reads again until a batch comes back empty; the background lane, once a
   * batch was not full, sleeps until woken and then waits `coalesceMs` more, so the appends of a burst are
   * read as one batch. A wake-up that arrives while a batch runs is kept in `pending`, never lost.
   */
  private async loop(lane: Lane): Promise<void> {
    while (!this.stopping) {
      lane.pending = false;
      lane.urgent = false;
      let passed = 0;
      let full = false;
      try {
        for (const projection of lane.projections) {
          if (this.quiet(projection)) continue;
          const n = await this.runBatch(projection);
          if (n === 0 && !lane.pending) this.quietSince.set(projection.name, performance.now());
          else this.quietSince.delete(projection.name);
          passed += n;
          if (n >= this.batchSize) full = true;
        }
      } catch (error) {
        // A failing projection must not spin: log and retry after the poll interval. One line with the error's
        // code: a database error's enumerable fields (detail, parameters) may quote event data.
        const e = error as { code?: string; message?: string };
        process.stderr.write(
          `projection batch failed (${e?.code ?? 'no code'}: ${String(e?.message ?? error)
            .replace(/"[^"]*"/g, '"…"')
            .slice(0, 200)}); retrying\n`,
        );
        lane.pending = false;
        lane.urgent = false;
      }
      const caughtUp = lane.coalesceMs > 0 ? !full : passed === 0;
      if (caughtUp && !this.stopping) await this.idle(lane);
    }
  }

  private idle(lane: Lane): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let coalescing = false;
      const done = () => {
        clearTimeout(timer);
        lane.wake = undefined;
        resolve();
      };
      const examine = () => {
        if (this.stopping || lane.urgent || (lane.pending && lane.coalesceMs === 0)) {
          done();
          return;
        }
        if (coalescing) return;
        clearTimeout(timer);
        if (lane.pending) {
          // Gather the burst behind this append: the window is fixed from the first wake-up, so the lag stays bounded.
          coalescing = true;
          timer = setTimeout(done, lane.coalesceMs);
        } else {
          const waiting = [...this.waiters].some((w) => lane.projections.some((p) => w.names.includes(p.name)));
          timer = setTimeout(done, waiting ? Math.min(10, this.pollIntervalMs) : this.pollIntervalMs);
        }
      };
      lane.wake = examine;
      examine();
    });
  }

  /**
   * One batch of a projection; returns how many log events it passed over (its checkpoint moved past them), of which
   * it applied those of the projection's types.
   */
  private runBatch(projection: AnyProjection): Promise<number> {
    const run = (this.lastBatch.get(projection.name) ?? Promise.resolve()).then(() => this.batch(projection));
    const settled = run.catch(() => undefined);
    this.lastBatch.set(projection.name, settled);
    void settled.then(() => {
      if (this.lastBatch.get(projection.name) === settled) this.lastBatch.delete(projection.name);
    });
    return run;
  }

  private async batch(projection: AnyProjection): Promise<number> {
    const resetsBefore = this.resets.get(projection.name) ?? 0;
    const limit = this.nextBatch.get(projection.name) ?? this.batchSize;
    // The page read while the previous batch was applied, awaited before this transaction opens (PGlite runs one
    // query at a time: a read queued behind this transaction would never finish inside it).
    const prefetch = this.prefetches.get(projection.name);
    this.prefetches.delete(projection.name);
    const usable = prefetch && prefetch.resets === resetsBefore && prefetch.limit <= limit;
    const prefetched = usable ? await prefetch.page : undefined;
    const preparedAhead = usable ? await prefetch.prepared : undefined;
    const types = projection.eventTypes;
    const result = await this.source.readModels
      .transaction(async (tx) => {
        const checkpoint = await this.readCheckpoint(tx, projection.name, true);
        const after = checkpoint?.position ?? LOG_START;
        // The prefetched page counts only if it starts where the locked checkpoint is (another process, a reset or
        // a failed batch moves it otherwise). Positions are a stable prefix, so a page read on another connection is
        // a prefix of what this transaction would read; a short one is applied as a short batch.
        // Otherwise read in this transaction when the log is in this database, or through the port (KurrentDB):
        // the checkpoint row stays locked meanwhile, so the batch is still applied once, with its checkpoint.
        // A projection that names its event types is handed only those; its checkpoint still moves past the rest.
        // A bare projection's events are read without their metadata and recording time (`Projection`).
        const reader = this.source.logReader;
        const bare = projection.bare === true;
        const ahead = prefetched && prefetch && comparePositions(prefetch.after, after) === 0 && (this.resets.get(projection.name) ?? 0) === resetsBefore;
        // The batch prepared ahead, only on the checkpoint row the batch before wrote: a reset and a rebuild by another
        // process can bring the checkpoint back to the same position, over tables the snapshot did not see that way.
        const prepared = ahead && prefetch.writtenBy !== undefined && checkpoint?.writtenBy === prefetch.writtenBy ? preparedAhead : undefined;
        const page = ahead
          ? prefetched
          : reader
            ? await reader.readPageWithin(tx, { after, limit, types, bare })
            : await this.source.store.readPage({ after, limit, types, bare });
        if (page.scanned === 0) return { scanned: 0, applied: 0, position: after };
        // Behind (a full page): read the next page on the store's own connections while this one is applied.
        const next = page.scanned >= limit ? this.prefetch(projection, page.through, Math.min(limit * 2, this.maxBatchSize), resetsBefore) : undefined;
        if (projection.prepareBatch) {
          // Prepared ahead (the checkpoint is where the batch before left it: that batch committed), or prepared now.
          const batch = page.events.length ? (prepared ?? (await preparePage(tx, projection, page.events, undefined))) : undefined;
          const writing = batch?.write(tx);
          // The next batch is folded while this one's writes run on the server (a connection of its own).
          if (next && this.source.readModels.concurrentTransactions) next.prepared = this.prepareAhead(projection, next, after, batch);
          await writing;
        } else if (page.events.length) await applyPage(tx, projection, page.events);
        const writtenBy = await this.writeCheckpoint(tx, projection, page.through);
        if (next) next.writtenBy = writtenBy;
        return { scanned: page.scanned, applied: page.events.length, position: page.through };
      })
      .catch((error: unknown) => {
        // Rolled back: a page read after it would start past the stored checkpoint.
        this.prefetches.delete(projection.name);
        throw error;
      });
    // A reset that committed while this batch ran (a rebuild) has set the position to the log's start; the
    // batch's position, read before the reset, is stale then: the next batch reads the stored one.
    if ((this.resets.get(projection.name) ?? 0) === resetsBefore) this.checkpoints.set(projection.name, result.position);
    this.nextBatch.set(projection.name, result.scanned >= limit ? Math.min(limit * 2, this.maxBatchSize) : this.batchSize);
    if (result.scanned > 0) this.options.onBatch?.(projection.name, result.position, result.applied);
    this.releaseWaiters();
    return result.scanned;
  }

  /** Starts reading the page after `after`; replaces (and so discards) any page read before. */
  private prefetch(projection: AnyProjection, after: LogPosition, limit: number, resets: number): Prefetch {
    const page = this.source.store.readPage({ after, limit, types: projection.eventTypes, bare: projection.bare === true }).catch(() => undefined);
    const prefetch: Prefetch = { after, limit, resets, page };
    this.prefetches.set(projection.name, prefetch);
    return prefetch;
  }

  /**
   * Prepares the batch of a page read ahead (`next`) while the batch before it (`pending`, which began at `from`) is
   * being written, in a read-only snapshot of its own. The snapshot's checkpoint says which rows it shows: where
   * `pending` began (not committed yet: what `pending` wrote is taken from it) or where it ended (committed). Any other
   * checkpoint (a reset, another process) means the rows are not those the batch follows: nothing is prepared.
   * Never rejects.
   */
  private prepareAhead(projection: AnyProjection, next: Prefetch, from: LogPosition, pending: PreparedBatch | undefined): Promise<PreparedBatch | undefined> {
    const preparing = next.page
      .then(async (page) => {
        if (!page?.events.length || this.resetting.has(projection.name) || this.stopping) return undefined;
        return this.source.readModels.transaction(async (snapshot) => {
          await snapshot.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
          const at = (await this.readCheckpoint(snapshot, projection.name))?.position ?? LOG_START;
          if (comparePositions(at, from) !== 0 && comparePositions(at, next.after) !== 0) return undefined;
          return preparePage(snapshot, projection, page.events, pending);
        });
      })
      .catch(() => undefined);
    const running = this.preparing.get(projection.name) ?? new Set<Promise<unknown>>();
    this.preparing.set(projection.name, running.add(preparing));
    void preparing.then(() => running.delete(preparing));
    return preparing;
  }

  /** Forgets the pages read ahead (all, or one projection's) and waits until their reads have finished. */
  private async discardPrefetches(name?: string): Promise<void> {
    const pending: Promise<unknown>[] = [];
    for (const [n, p] of [...this.prefetches]) {
      if (name !== undefined && n !== name) continue;
      this.prefetches.delete(n);
      pending.push(p.page);
    }
    // Every preparation ahead, used or not (one whose page was replaced or dropped is no longer in `prefetches`).
    for (const [n, running] of this.preparing) if (name === undefined || n === name) pending.push(...running);
    await Promise.all(pending);
  }

  private releaseWaiters(): void {
    for (const waiter of [...this.waiters]) if (this.reached(waiter.names, waiter.position)) waiter.resolve();
  }

  private async resetProjection(projection: AnyProjection): Promise<void> {
    this.resetting.add(projection.name);
    try {
      // A page read before the reset is never applied after it; no snapshot prepared ahead holds the tables meanwhile.
      await this.discardPrefetches(projection.name);
      await this.source.readModels.transaction(async (tx) => {
        await this.readCheckpoint(tx, projection.name, true);
        await projection.reset(tx);
        await this.writeCheckpoint(tx, projection, LOG_START);
      });
    } finally {
      this.resetting.delete(projection.name);
    }
    this.resets.set(projection.name, (this.resets.get(projection.name) ?? 0) + 1);
    this.prefetches.delete(projection.name);
    this.checkpoints.set(projection.name, LOG_START);
  }

  private async readCheckpoint(db: SqlExecutor, name: string, lock = false): Promise<Checkpoint | undefined> {
    const { rows } = await db.query<{ version: number; txid_text: string; position_text: string; written_by: string }>(
      `SELECT version, transaction_id::text AS txid_text, global_position::text AS position_text, xmin::text AS written_by
       FROM es_projection_checkpoints WHERE name = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [name],
    );
    if (!rows.length) return undefined;
    const [row] = rows;
    return { version: row.version, position: { transactionId: BigInt(row.txid_text), globalPosition: BigInt(row.position_text) }, writtenBy: row.written_by };
  }

  /** Moves the checkpoint; returns the writing transaction as the row will show it (`Checkpoint.writtenBy`). */
  private async writeCheckpoint(tx: SqlExecutor, projection: AnyProjection, position: LogPosition): Promise<string> {
    const { rows } = await tx.query<{ written_by: string }>(
      `INSERT INTO es_projection_checkpoints (name, version, transaction_id, global_position, updated_at)
       VALUES ($1, $2, $3::text::xid8, $4::bigint, now())
       ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, transaction_id = EXCLUDED.transaction_id,
         global_position = EXCLUDED.global_position, updated_at = now()
       RETURNING xmin::text AS written_by`,
      [projection.name, projection.version, position.transactionId.toString(), position.globalPosition.toString()],
    );
    return rows[0].written_by;
  }
}

/** Hands a page to its projection: as a batch when it takes one, else event by event, in log order. */
const applyPage = async (tx: SqlExecutor, projection: AnyProjection, events: readonly BareEvent[]): Promise<void> => {
  if (projection.bare) {
    if (projection.applyBatch) await projection.applyBatch(tx, events);
    else for (const event of events) await projection.apply(tx, event);
    return;
  }
  // Read with `bare: false` (see `runBatch` and `prefetch`): whole events.
  const whole = events as readonly RecordedEvent[];
  if (projection.applyBatch) await projection.applyBatch(tx, whole);
  else for (const event of whole) await projection.apply(tx, event);
};

/** Prepares a page's batch through its projection's `prepareBatch` (undefined when it has none), as `applyPage` hands it. */
const preparePage = (
  db: SqlExecutor,
  projection: AnyProjection,
  events: readonly BareEvent[],
  pending: PreparedBatch | undefined,
): Promise<PreparedBatch> | undefined => {
  if (projection.bare) return projection.prepareBatch?.(db, events, pending);
  return projection.prepareBatch?.(db, events as readonly RecordedEvent[], pending);
};
