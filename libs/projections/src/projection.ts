import { BareEvent, RecordedEvent, SqlExecutor } from '@registry/event-store';

/**
 * A read model: SQL tables that are a pure function of the global log. `apply` runs inside the same
 * transaction that moves the projection's checkpoint, so each event takes effect exactly once.
 *
 * One that never reads an event's metadata or recording time says so (`bare: true`, `BareProjection`): the runner then
 * reads its events without them (`ReadPageOptions.bare`), which the server does not send and this process does not
 * parse (a certifications rebuild of 377k events: 6.4 and 6.7 s with them, 6.0 and 5.8 s without; docs/benchmarks.md).
 */
export type AnyProjection = Projection | BareProjection;

/** A projection handed whole events (metadata and recording time included): most of them. */
export interface Projection extends ProjectionBase<RecordedEvent> {
  readonly bare?: false;
}

/** A projection handed its events without their metadata and recording time (`BareEvent`). */
export interface BareProjection extends ProjectionBase<BareEvent> {
  readonly bare: true;
}

/** What every projection declares, `E` being the events it is handed. */
interface ProjectionBase<E extends BareEvent> {
  /** Stable name; the checkpoint is stored under it. */
  readonly name: string;
  /** Bump when the tables or the logic change: the runner then rebuilds the read model from position 0. */
  readonly version: number;
  /** Creates the tables if they do not exist (idempotent). */
  setup(db: SqlExecutor): Promise<void>;
  /**
   * The event types it applies, when it applies only some (a read model of certifications): the runner then reads
   * only those from the log (`EventStore.readPage`) and moves the checkpoint past the others without reading them.
   * Absent: every event is handed to it (the transparency tree logs them all). An event of a type left out here
   * never reaches `apply`, so the list must name every type the projection acts on.
   */
  readonly eventTypes?: readonly string[];
  /** Removes every row, ahead of a rebuild. */
  reset(tx: SqlExecutor): Promise<void>;
  /** Applies one event; events it does not care about are ignored. */
  apply(tx: SqlExecutor, event: E): Promise<void>;
  /**
   * Applies a whole batch (in log order, in the batch's transaction) instead of one `apply` per event, for a
   * read model that writes every event (the transparency tree): one statement per batch, not per event.
   */
  applyBatch?(tx: SqlExecutor, events: readonly E[]): Promise<void>;
  /**
   * A batch in two steps, for a read model that loads rows before it folds a batch (the certifications); used instead
   * of `applyBatch` when present. `prepareBatch` loads what the batch needs through `db` and folds it; the `write` of
   * what it returns sends the batch's writes in the batch's transaction.
   *
   * While the projection is behind, on an engine with concurrent transactions, the runner prepares the next batch
   * while this one's writes run on the server, in a read-only snapshot of its own: `pending` is then the batch
   * prepared before it, whose writes that snapshot may not show yet, so what `pending` wrote is taken from it and not
   * from `db`. `pending` is undefined when everything before the batch is committed. A batch prepared ahead is written
   * only if the batch before it commits and the checkpoint is still where it left it; otherwise it is prepared again.
   */
  prepareBatch?(db: SqlExecutor, events: readonly E[], pending: PreparedBatch | undefined): Promise<PreparedBatch>;
  /**
   * How the runner schedules it. 'awaited' (the default): `waitFor` waits for it, so a command reads its own
   * write back, and every append wakes it at once. 'background': for a read model no command answer is read
   * from (the transparency tree): `waitFor` waits for it only when it is named, and its wake-ups are coalesced
   * (ProjectionRunnerOptions.coalesceMs) so that a burst of appends is applied as one batch in its own loop.
   */
  readonly schedule?: 'awaited' | 'background';
}

/** A batch loaded and folded, its writes ready to send (`Projection.prepareBatch`). */
export interface PreparedBatch {
  /** Sends the batch's writes, in the batch's transaction. */
  write(tx: SqlExecutor): Promise<void>;
}
