import { RecordedEvent, SqlExecutor } from '@registry/event-store';
import { PreparedBatch, Projection } from '../projection';
import { StreamStatsProjection } from './stream-stats.projection';

interface StatsRow {
  events: number;
  lastType: string;
  fold: number;
}

/** A batch of `PreparedStatsProjection`: its rows as they stand after it, and what the spec needs to follow it. */
export class PreparedStats implements PreparedBatch {
  constructor(
    readonly id: number,
    /** The batch it was prepared on top of (`pending`), if any. */
    readonly after: PreparedStats | undefined,
    readonly rows: ReadonlyMap<string, StatsRow>,
    private readonly owner: PreparedStatsProjection,
  ) {}

  async write(tx: SqlExecutor): Promise<void> {
    this.owner.writes.push(this);
    if (this.owner.failWrite?.(this)) throw new Error(`write of batch ${this.id} failed`);
    const rows = [...this.rows].map(([stream_id, r]) => ({ stream_id, events: r.events, last_type: r.lastType, fold: r.fold }));
    await tx.query(
      `INSERT INTO ${this.owner.table} AS t (stream_id, events, last_type, fold)
       SELECT stream_id, events, last_type, fold FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, events integer, last_type text, fold bigint)
       ON CONFLICT (stream_id) DO UPDATE SET events = EXCLUDED.events, last_type = EXCLUDED.last_type, fold = EXCLUDED.fold`,
      [JSON.stringify(rows)],
    );
  }
}

/**
 * `StreamStatsProjection`'s rows, applied in two steps (`Projection.prepareBatch`): the batch's streams loaded, folded
 * in memory, written back as they stand after it. A stream the batch before (`pending`) holds is taken from it, not
 * loaded: a row it wrote may not be visible yet. Records every batch it prepares and writes; `failWrite` and
 * `failPrepareAhead` make a write, or a preparation on top of another batch, fail.
 */
export class PreparedStatsProjection extends StreamStatsProjection implements Projection {
  readonly prepared: PreparedStats[] = [];
  readonly writes: PreparedStats[] = [];
  failWrite?: (batch: PreparedStats) => boolean;
  failPrepareAhead = false;

  constructor(table = 'test_stream_stats') {
    super(1, 0, undefined, table);
  }

  async prepareBatch(db: SqlExecutor, events: readonly RecordedEvent[], pending: PreparedBatch | undefined): Promise<PreparedStats> {
    const before = pending instanceof PreparedStats ? pending : undefined;
    if (before && this.failPrepareAhead) throw new Error('prepared ahead: failed');
    const streams = [...new Set(events.map((e) => e.streamId))];
    const rows = new Map<string, StatsRow>();
    for (const s of streams) {
      const held = before?.rows.get(s);
      if (held) rows.set(s, { ...held });
    }
    const load = streams.filter((s) => !rows.has(s));
    if (load.length) {
      const { rows: stored } = await db.query<{ stream_id: string; events: number; last_type: string; fold: string }>(
        `SELECT stream_id, events, last_type, fold::text AS fold FROM ${this.table} WHERE stream_id = ANY($1::text[])`,
        [load],
      );
      for (const r of stored) rows.set(r.stream_id, { events: r.events, lastType: r.last_type, fold: Number(r.fold) });
    }
    for (const e of events) {
      const row = rows.get(e.streamId);
      // The same fold as StreamStatsProjection's statement: (fold * 31 + version) mod 1e9+7 (exact in a double).
      if (row) rows.set(e.streamId, { events: row.events + 1, lastType: e.type, fold: (row.fold * 31 + e.streamVersion) % 1_000_000_007 });
      else rows.set(e.streamId, { events: 1, lastType: e.type, fold: e.streamVersion });
    }
    const batch = new PreparedStats(this.prepared.length + 1, before, rows, this);
    this.prepared.push(batch);
    return batch;
  }
}
