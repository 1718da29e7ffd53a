import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { LogPosition, parsePosition, SqlDatabase } from '@registry/event-store';

const zip = promisify(gzip);
const unzip = promisify(gunzip);

/** What identifies a persisted snapshot, without its chunks. */
export interface SnapshotHeader {
  readonly position: LogPosition;
  /** Log events (of any type) folded into it, from the log's start: the distance between snapshots. */
  readonly events: number;
  readonly format: number;
  readonly rulesVersion: number;
}

/** One part of a snapshot, JSON-ready (the service decides what the parts are). */
export interface SnapshotChunk {
  readonly part: string;
  readonly entries: readonly unknown[];
}

/**
 * The verdict facts' snapshots in the read-model database: a header row per snapshot and its gzipped JSON
 * chunks. A snapshot is written in one transaction (header last), so a reader sees it whole or not at all.
 * Every statement the service runs on snapshots is here.
 */
export class VerdictSnapshotStore {
  private created: Promise<void> | undefined;

  constructor(private readonly db: Pick<SqlDatabase, 'query' | 'transaction'>) {}

  /** Creates the tables once per process (a failed attempt is tried again next time). */
  ensureTables(): Promise<void> {
    this.created ??= (async () => {
      await this.db.query(`CREATE TABLE IF NOT EXISTS verdict_snapshots_v1 (
        position        text PRIMARY KEY,
        transaction_id  numeric NOT NULL,
        global_position numeric NOT NULL,
        events          bigint NOT NULL,
        format          integer NOT NULL,
        rules_version   integer NOT NULL,
        bytes           bigint NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now())`);
      await this.db.query(`CREATE TABLE IF NOT EXISTS verdict_snapshot_chunks_v1 (
        position text NOT NULL,
        seq      integer NOT NULL,
        data     bytea NOT NULL,
        PRIMARY KEY (position, seq))`);
    })().catch((error: unknown) => {
      this.created = undefined;
      throw error;
    });
    return this.created;
  }

  /** Every snapshot, oldest first. */
  async list(): Promise<SnapshotHeader[]> {
    await this.ensureTables();
    const { rows } = await this.db.query<{ position: string; events: string | number; format: number; rules_version: number }>(
      'SELECT position, events, format, rules_version FROM verdict_snapshots_v1 ORDER BY transaction_id, global_position',
    );
    return rows.flatMap((r) => {
      const position = parsePosition(r.position);
      return position ? [{ position, events: Number(r.events), format: Number(r.format), rulesVersion: Number(r.rules_version) }] : [];
    });
  }

  /** Writes one snapshot; chunks are compressed one at a time, yielding between them (the thread pool gzips). */
  async write(header: SnapshotHeader, chunks: AsyncIterable<SnapshotChunk> | Iterable<SnapshotChunk>): Promise<number> {
    await this.ensureTables();
    const blobs: Buffer[] = [];
    for await (const chunk of chunks) blobs.push(await zip(Buffer.from(JSON.stringify(chunk))));
    const text = `${header.position.transactionId}.${header.position.globalPosition}`;
    const bytes = blobs.reduce((n, b) => n + b.length, 0);
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM verdict_snapshot_chunks_v1 WHERE position = $1', [text]);
      await tx.query('DELETE FROM verdict_snapshots_v1 WHERE position = $1', [text]);
      for (let seq = 0; seq < blobs.length; seq++)
        await tx.query('INSERT INTO verdict_snapshot_chunks_v1 (position, seq, data) VALUES ($1, $2, $3)', [text, seq, blobs[seq]]);
      await tx.query(
        `INSERT INTO verdict_snapshots_v1 (position, transaction_id, global_position, events, format, rules_version, bytes)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [text, header.position.transactionId.toString(), header.position.globalPosition.toString(), header.events, header.format, header.rulesVersion, bytes],
      );
    });
    return bytes;
  }

  /** The chunks of one snapshot, in order, decompressed and parsed one at a time; throws on anything unreadable. */
  async *read(position: LogPosition): AsyncGenerator<SnapshotChunk> {
    const text = `${position.transactionId}.${position.globalPosition}`;
    // Header and chunk count in one statement (one view of the database): a snapshot deleted since it was listed
    // (this instance's pruning, another replica's) is refused, never read as an empty one.
    const { rows: found } = await this.db.query<{ n: string | number }>(
      `SELECT (SELECT count(*) FROM verdict_snapshot_chunks_v1 c WHERE c.position = h.position) AS n
       FROM verdict_snapshots_v1 h WHERE h.position = $1`,
      [text],
    );
    if (!found.length) throw new Error('VERDICT_SNAPSHOT.MISSING');
    const n = Number(found[0].n);
    for (let seq = 0; seq < n; seq += CHUNKS_PER_READ) {
      const { rows } = await this.db.query<{ seq: number; data: Uint8Array }>(
        'SELECT seq, data FROM verdict_snapshot_chunks_v1 WHERE position = $1 AND seq >= $2 AND seq < $3 ORDER BY seq',
        [text, seq, seq + CHUNKS_PER_READ],
      );
      if (rows.length !== Math.min(CHUNKS_PER_READ, n - seq)) throw new Error('VERDICT_SNAPSHOT.MISSING_CHUNK');
      for (const row of rows) {
        const chunk = JSON.parse((await unzip(Buffer.from(row.data))).toString('utf8')) as SnapshotChunk;
        if (typeof chunk?.part !== 'string' || !Array.isArray(chunk.entries)) throw new Error('VERDICT_SNAPSHOT.BAD_CHUNK');
        yield chunk;
      }
    }
  }

  async delete(positions: readonly LogPosition[]): Promise<void> {
    if (!positions.length) return;
    const texts = positions.map((p) => `${p.transactionId}.${p.globalPosition}`);
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM verdict_snapshots_v1 WHERE position = ANY($1::text[])', [texts]);
      await tx.query('DELETE FROM verdict_snapshot_chunks_v1 WHERE position = ANY($1::text[])', [texts]);
    });
  }
}

const CHUNKS_PER_READ = 16;

/**
 * Which snapshots to drop so at most `keep` remain (keep >= 2): the oldest and the newest always stay; of the
 * others, repeatedly the one whose removal leaves the smallest gap (in events) between its neighbours. So the
 * survivors stay spread over the whole log, about evenly, and disk holds `keep` snapshots whatever its length.
 */
export const snapshotsToDrop = (snapshots: readonly SnapshotHeader[], keep: number): SnapshotHeader[] => {
  const left = [...snapshots];
  const dropped: SnapshotHeader[] = [];
  while (left.length > Math.max(2, keep)) {
    let best = 1;
    for (let i = 2; i < left.length - 1; i++) if (left[i + 1].events - left[i - 1].events < left[best + 1].events - left[best - 1].events) best = i;
    dropped.push(...left.splice(best, 1));
  }
  return dropped;
};
