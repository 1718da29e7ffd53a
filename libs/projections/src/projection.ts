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
  /** Removes every row, ahead of a rebuild. */
  reset(tx: SqlExecutor): Promise<void>;
  /** Applies one event; events it does not care about are ignored. */
  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void>;
  /**
   * Applies a whole batch (in log order, in the batch's transaction) instead of one `apply` per event, for a
   * read model that writes every event (the transparency tree): one statement per batch, not per event.
   */
  applyBatch?(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void>;
}
