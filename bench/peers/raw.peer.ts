import pg from 'pg';
import { BenchEvent, BenchTarget } from './target';

/**
 * The limit: one multi-row INSERT per append in autocommit (one round trip), the version check left to a
 * unique (stream_id, stream_version) constraint; reads page by the sequence alone. No metadata, no
 * idempotency, no transaction, and its reader is NOT safe against the gap problem: a floor, not a peer.
 */
export const createRawTarget = async (connectionString: string, poolSize = 10): Promise<BenchTarget> => {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  await pool.query(`CREATE TABLE IF NOT EXISTS raw_events (
    global_position bigserial PRIMARY KEY, stream_id text NOT NULL, stream_version bigint NOT NULL,
    type text NOT NULL, data jsonb NOT NULL, UNIQUE (stream_id, stream_version))`);
  return {
    name: 'raw INSERT/SELECT',
    append: async (streamId: string, events: BenchEvent[], expectedVersion: number) => {
      const values: unknown[] = [];
      const rows = events.map((e, i) => {
        values.push(streamId, expectedVersion + i + 1, e.type, JSON.stringify(e.data));
        const b = i * 4;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4})`;
      });
      await pool.query(`INSERT INTO raw_events (stream_id, stream_version, type, data) VALUES ${rows.join(',')}`, values);
    },
    readAll: async (batchSize: number) => {
      let read = 0;
      let after = '0';
      for (;;) {
        const { rows } = await pool.query<{ p: string }>(
          `SELECT global_position::text AS p, stream_id, stream_version, type, data FROM raw_events
           WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
          [after, batchSize],
        );
        if (!rows.length) return read;
        read += rows.length;
        after = rows[rows.length - 1].p;
      }
    },
    close: () => pool.end(),
  };
};
