import { SqlExecutor } from '@registry/event-store';
import { emptyRoot, Hash, hashRange, NodeId, nodeKey, rootNodes } from '@registry/transparency';

/**
 * The Merkle tree's tables, kept by TransparencyTreeProjection in the event store's database:
 *
 * - `tl_tree`   one row: the number of leaves applied (the tree size).
 * - `tl_leaves` leaf index ↔ event id (and its log position, for reports), one row per event.
 * - `tl_nodes`  every complete subtree hash: (level, index) covers leaves [index·2^level, (index+1)·2^level);
 *               level 0 are the leaf hashes. A node is written once, when its last leaf arrives, and never
 *               changes, so any root or proof is a fold of O(log n) rows read by primary key.
 */
export const TREE_TABLES = [
  `CREATE TABLE IF NOT EXISTS tl_tree (
     id   smallint PRIMARY KEY CHECK (id = 1),
     size bigint   NOT NULL
   )`,
  `INSERT INTO tl_tree (id, size) VALUES (1, 0) ON CONFLICT (id) DO NOTHING`,
  `CREATE TABLE IF NOT EXISTS tl_leaves (
     leaf_index      bigint PRIMARY KEY,
     event_id        uuid   NOT NULL UNIQUE,
     transaction_id  xid8   NOT NULL,
     global_position bigint NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS tl_nodes (
     level smallint NOT NULL,
     idx   bigint   NOT NULL,
     hash  bytea    NOT NULL,
     PRIMARY KEY (level, idx)
   )`,
];

const toBytes = (value: unknown): Uint8Array => (value instanceof Uint8Array ? new Uint8Array(value) : new Uint8Array(Buffer.from(value as string)));

export const readTreeSize = async (db: SqlExecutor): Promise<number> => {
  const { rows } = await db.query<{ size: string }>('SELECT size::text AS size FROM tl_tree WHERE id = 1');
  return rows.length ? Number(rows[0].size) : 0;
};

/** The hashes of the given complete subtrees, in ONE query (a missing node is an error: the tree is incomplete). */
export const readNodes = async (db: SqlExecutor, ids: readonly NodeId[]): Promise<(id: NodeId) => Hash> => {
  const found = new Map<string, Hash>();
  if (ids.length) {
    const { rows } = await db.query<{ level: number; idx: string; hash: unknown }>(
      `SELECT n.level, n.idx::text AS idx, n.hash FROM tl_nodes n
       JOIN unnest($1::int[], $2::bigint[]) AS want(level, idx) ON n.level = want.level AND n.idx = want.idx`,
      [ids.map((i) => i.level), ids.map((i) => String(i.index))],
    );
    for (const r of rows) found.set(`${r.level}/${r.idx}`, toBytes(r.hash));
  }
  return (id) => {
    const hash = found.get(nodeKey(id));
    if (!hash) throw new Error(`transparency tree has no node at level ${id.level}, index ${id.index}`);
    return hash;
  };
};

/** The hashes of nodes `from` … `to` − 1 at one tree level, in index order, in one range query (a gap is an error). */
export const readNodeRange = async (db: SqlExecutor, level: number, from: number, to: number): Promise<Hash[]> => {
  const { rows } = await db.query<{ idx: string; hash: unknown }>(
    'SELECT n.idx::text AS idx, n.hash FROM tl_nodes n WHERE n.level = $1 AND n.idx >= $2::bigint AND n.idx < $3::bigint ORDER BY n.idx',
    [level, String(from), String(to)],
  );
  if (rows.length !== to - from || rows.some((r, i) => Number(r.idx) !== from + i))
    throw new Error(`transparency tree is missing nodes at level ${level} between ${from} and ${to}`);
  return rows.map((r) => toBytes(r.hash));
};

/** MTH of the first `size` leaves, from popcount(size) stored nodes. */
export const readRoot = async (db: SqlExecutor, size: number): Promise<Hash> => {
  if (size === 0) return emptyRoot();
  const node = await readNodes(db, rootNodes(size));
  return hashRange({ start: 0, end: size }, node);
};
