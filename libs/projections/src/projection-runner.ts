import {
  comparePositions,
  formatPosition,
  LOG_START,
  LogPosition,
  SqlExecutor,
  StoreHandle,
} from '@registry/event-store';
import { RegistryError } from '@registry/kernel';
import { Projection } from './projection';

/**
 * Where projections read from and write to: the log through the port, the read-model database, and (when the
 * log lives in that database) a reader that joins the batch's transaction. A `StoreHandle` is one.
 */
export type ProjectionSource = Pick<StoreHandle, 'store' | 'readModels' | 'logReader'>;

export interface ProjectionRunnerOptions {
  /** Events applied per transaction. */
  readonly batchSize?: number;
  /** How often an idle projection looks for events written by other processes (ms). */
  readonly pollIntervalMs?: number;
  /** Called after each batch commits; used by progress bars and tests. */
  readonly onBatch?: (projection: string, checkpoint: LogPosition, applied: number) => void;
}

interface Checkpoint {
  readonly position: LogPosition;
  readonly version: number;
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
 * harmless (the batch is either wholly applied with its checkpoint, or not at all).
 */
export class ProjectionRunner {
  private readonly checkpoints = new Map<string, LogPosition>();
  private readonly waiters = new Set<{ position: LogPosition; resolve: () => void }>();
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  private unsubscribe: (() => void) | undefined;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;

  constructor(
    private readonly source: ProjectionSource,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
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
    this.unsubscribe = this.source.store.onAppended(() => this.wake?.());
    this.running = this.loop();
  }

  /** Processes everything visible now, then returns (used by one-shot rebuilds and tests). */
  async catchUp(): Promise<void> {
    for (const projection of this.projections) while ((await this.runBatch(projection)) > 0);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.wake?.();
    await this.running;
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters.clear();
  }

  /** Throws away a read model and builds it again from position 0 (crash-safe: it resumes where it was). */
  async rebuild(name: string): Promise<void> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`No projection named ${name}`);
    await this.resetProjection(projection);
    this.wake?.();
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
   * Resolves once every projection has applied `position`: a mutation waits for this before reading its
   * own write back. Rejects with PROJECTION.LAGGING after `timeoutMs`.
   */
  waitFor(position: LogPosition, timeoutMs = 10_000): Promise<void> {
    if (comparePositions(this.position(), position) >= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new RegistryError('INTERNAL', 'PROJECTION.LAGGING', `Read models did not reach log position ${formatPosition(position)} within ${timeoutMs} ms; the write is stored.`),
        );
      }, timeoutMs);
      this.waiters.add(waiter);
      this.wake?.();
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let applied = 0;
      try {
        for (const projection of this.projections) applied += await this.runBatch(projection);
      } catch (error) {
        // A failing projection must not spin: log and retry after the poll interval. One line with the error's
        // code: a database error's enumerable fields (detail, parameters) may quote event data.
        const e = error as { code?: string; message?: string };
        process.stderr.write(`projection batch failed (${e?.code ?? 'no code'}: ${String(e?.message ?? error).replace(/"[^"]*"/g, '"…"').slice(0, 200)}); retrying\n`);
      }
      if (applied === 0 && !this.stopping) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.waiters.size ? Math.min(10, this.pollIntervalMs) : this.pollIntervalMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  private async runBatch(projection: Projection): Promise<number> {
    const result = await this.source.readModels.transaction(async (tx) => {
      const checkpoint = await this.readCheckpoint(tx, projection.name, true);
      const after = checkpoint?.position ?? LOG_START;
      // Read in this transaction when the log is in this database; otherwise through the port (KurrentDB): the
      // checkpoint row stays locked meanwhile, so the batch is still applied once, with its checkpoint.
      const reader = this.source.logReader;
      const events = reader
        ? await reader.readAllWithin(tx, { after, limit: this.batchSize })
        : await this.source.store.readAll({ after, limit: this.batchSize });
      if (events.length === 0) return { applied: 0, position: after };
      if (projection.applyBatch) await projection.applyBatch(tx, events);
      else for (const event of events) await projection.apply(tx, event);
      const last = events[events.length - 1].position;
      await this.writeCheckpoint(tx, projection, last);
      return { applied: events.length, position: last };
    });
    this.checkpoints.set(projection.name, result.position);
    if (result.applied > 0) this.options.onBatch?.(projection.name, result.position, result.applied);
    this.releaseWaiters();
    return result.applied;
  }

  private releaseWaiters(): void {
    const reached = this.position();
    for (const waiter of [...this.waiters]) if (comparePositions(reached, waiter.position) >= 0) waiter.resolve();
  }

  private async resetProjection(projection: Projection): Promise<void> {
    await this.source.readModels.transaction(async (tx) => {
      await this.readCheckpoint(tx, projection.name, true);
      await projection.reset(tx);
      await this.writeCheckpoint(tx, projection, LOG_START);
    });
    this.checkpoints.set(projection.name, LOG_START);
  }

  private async readCheckpoint(db: SqlExecutor, name: string, lock = false): Promise<Checkpoint | undefined> {
    const { rows } = await db.query<{ version: number; txid_text: string; position_text: string }>(
      `SELECT version, transaction_id::text AS txid_text, global_position::text AS position_text
       FROM es_projection_checkpoints WHERE name = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [name],
    );
    if (!rows.length) return undefined;
    return { version: rows[0].version, position: { transactionId: BigInt(rows[0].txid_text), globalPosition: BigInt(rows[0].position_text) } };
  }

  private writeCheckpoint(tx: SqlExecutor, projection: Projection, position: LogPosition) {
    return tx.query(
      `INSERT INTO es_projection_checkpoints (name, version, transaction_id, global_position, updated_at)
       VALUES ($1, $2, $3::text::xid8, $4::bigint, now())
       ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, transaction_id = EXCLUDED.transaction_id,
         global_position = EXCLUDED.global_position, updated_at = now()`,
      [projection.name, projection.version, position.transactionId.toString(), position.globalPosition.toString()],
    );
  }
}
