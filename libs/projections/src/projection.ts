import { RecordedEvent, SqlExecutor } from '@registry/event-store';

/**
 * A read model: SQL tables that are a pure function of the global log. `apply` runs inside the same
 * transaction that moves the projection's checkpoint, so each event takes effect exactly once.
 */
export interface Projection {
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
  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void>;
  /**
   * Applies a whole batch (in log order, in the batch's transaction) instead of one `apply` per event, for a
   * read model that writes every event (the transparency tree): one statement per batch, not per event.
   */
  applyBatch?(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void>;
  /**
   * How the runner schedules it. 'awaited' (the default): `waitFor` waits for it, so a command reads its own
   * write back, and every append wakes it at once. 'background': for a read model no command answer is read
   * from (the transparency tree): `waitFor` waits for it only when it is named, and its wake-ups are coalesced
   * (ProjectionRunnerOptions.coalesceMs) so that a burst of appends is applied as one batch in its own loop.
   */
  readonly schedule?: 'awaited' | 'background';
}
