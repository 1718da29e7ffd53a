import { SqlDatabase, SqlExecutor } from '@registry/event-store';
import {
  emptyRoot,
  Hash,
  hashRange,
  isStoredLevel,
  NodeId,
  nodeKey,
  nodesFromStored,
  rootNodes,
  STORED_LEVEL_STRIDE,
  storedNodesFor,
} from '@registry/transparency';

/**
 * The Merkle tree's tables, kept by TransparencyTreeProjection in the event store's database:
 *
 * - `tl_tree`   one row: the number of leaves applied (the tree size).
 * - `tl_leaves` one row per event: leaf index ↔ event id, its log position (for reports) and its leaf hash.
 * - `tl_nodes`  the complete subtree hashes at levels 4, 8, 12, … (see `isStoredLevel`; the C2SP tlog-tiles
 *               levels 8, 16, … among them): (level, idx) covers leaves [idx·2^level, (idx+1)·2^level). A node is
 *               written once, when its last leaf arrives, and never changes. Every other complete subtree is the
 *               fold of at most 8 stored hashes one band below it (`nodesFromStored`), so any root or proof is one
 *               query of a few index ranges plus a few dozen SHA-256 in memory.
 *
 * Until this layout, level 0 lived in `tl_nodes` and every level was stored (about three rows per event);
 * `setupTreeTables` migrates such a database in place, keeping the stored hashes (and so the tree's roots and the
 * evidence `verify-log` compares the log against).
 */
const TREE_TABLES = [
  `CREATE TABLE IF NOT EXISTS tl_tree (
     id   smallint PRIMARY KEY CHECK (id = 1),
     size bigint   NOT NULL
   )`,
  `INSERT INTO tl_tree (id, size) VALUES (1, 0) ON CONFLICT (id) DO NOTHING`,
  `CREATE TABLE IF NOT EXISTS tl_leaves (
     leaf_index      bigint PRIMARY KEY,
     event_id        uuid   NOT NULL UNIQUE,
     transaction_id  xid8   NOT NULL,
     global_position bigint NOT NULL,
     hash            bytea  NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS tl_nodes (
     level smallint NOT NULL,
     idx   bigint   NOT NULL,
     hash  bytea    NOT NULL,
     PRIMARY KEY (level, idx)
   )`,
];

const hasLeafHashColumn = async (db: SqlExecutor): Promise<boolean> => {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = 'tl_leaves' AND column_name = 'hash'`,
  );
  return rows[0].n > 0;
};

/**
 * Creates the tree's tables, or migrates those of the earlier layout (every level in `tl_nodes`, leaf hashes
 * at level 0) in one transaction: the leaf hashes move into `tl_leaves.hash`, the levels no longer stored are
 * dropped. Nothing is recomputed from the log, so a tree keeps its root, and a row of `es_events` altered since
 * it was applied is still found by `verify-log` against the hash stored then. Idempotent.
 */
export const setupTreeTables = async (db: SqlExecutor): Promise<void> => {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('tl_leaves')::text AS t`);
  if (exists.rows[0].t && !(await hasLeafHashColumn(db))) {
    const inTransaction = <T>(work: (tx: SqlExecutor) => Promise<T>) => ('transaction' in db ? (db as SqlDatabase).transaction(work) : work(db));
    await inTransaction(async (tx) => {
      // Another instance may be migrating, or applying a batch with the old layout: wait for it, then look again.
      await tx.query('LOCK TABLE tl_tree, tl_leaves, tl_nodes IN ACCESS EXCLUSIVE MODE');
      if (await hasLeafHashColumn(tx)) return;
      await tx.query('ALTER TABLE tl_leaves ADD COLUMN hash bytea');
      await tx.query('UPDATE tl_leaves l SET hash = n.hash FROM tl_nodes n WHERE n.level = 0 AND n.idx = l.leaf_index');
      const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM tl_leaves WHERE hash IS NULL');
      if (rows[0].n > 0) throw new Error(`transparency tree migration: ${rows[0].n} leaves have no level-0 node in tl_nodes; the tree is incomplete`);
      await tx.query('ALTER TABLE tl_leaves ALTER COLUMN hash SET NOT NULL');
      await tx.query(`DELETE FROM tl_nodes WHERE level % ${STORED_LEVEL_STRIDE} <> 0 OR level = 0`);
    });
  }
  for (const statement of TREE_TABLES) await db.query(statement);
};

const toBytes = (value: unknown): Uint8Array => (value instanceof Uint8Array ? new Uint8Array(value) : new Uint8Array(Buffer.from(value as string)));

export const readTreeSize = async (db: SqlExecutor): Promise<number> => {
  const { rows } = await db.query<{ size: string }>('SELECT size::text AS size FROM tl_tree WHERE id = 1');
  return rows.length ? Number(rows[0].size) : 0;
};

/**
 * The hashes of the given complete subtrees: the stored nodes they are folded from, in ONE query (leaf hashes
 * from `tl_leaves`, higher stored levels from `tl_nodes`), then folded in memory. A missing stored node is an
 * error: the tree is incomplete.
 */
export const readNodes = async (db: SqlExecutor, ids: readonly NodeId[]): Promise<(id: NodeId) => Hash> => {
  const found = new Map<string, Hash>();
  // The stored nodes wanted, as runs of consecutive indexes per level: a proof's lower levels are folds of one
  // block of leaves, read as one index range scan rather than a list of a few hundred keys.
  const runs: { level: number; from: number; to: number }[] = [];
  for (const w of storedNodesFor(ids)) {
    const last = runs[runs.length - 1];
    if (last && last.level === w.level && last.to === w.index) last.to += 1;
    else runs.push({ level: w.level, from: w.index, to: w.index + 1 });
  }
  if (runs.length) {
    // One index range scan per run (a handful for a proof), as one statement.
    const params: string[] = [];
    const selects = runs.map((r) => {
      params.push(String(r.from), String(r.to));
      const [f, t] = [`$${params.length - 1}::bigint`, `$${params.length}::bigint`];
      return r.level === 0
        ? `SELECT 0 AS level, l.leaf_index::text AS idx, l.hash FROM tl_leaves l WHERE l.leaf_index >= ${f} AND l.leaf_index < ${t}`
        : `SELECT n.level, n.idx::text AS idx, n.hash FROM tl_nodes n WHERE n.level = ${r.level} AND n.idx >= ${f} AND n.idx < ${t}`;
    });
    const { rows } = await db.query<{ level: number; idx: string; hash: unknown }>(selects.join('\nUNION ALL\n'), params);
    for (const r of rows) found.set(`${r.level}/${r.idx}`, toBytes(r.hash));
  }
  return nodesFromStored((id) => {
    const hash = found.get(nodeKey(id));
    if (!hash) throw new Error(`transparency tree has no node at level ${id.level}, index ${id.index}`);
    return hash;
  });
};

/** The hashes of nodes `from` … `to` − 1 at one tree level, in index order (a gap is an error). */
export const readNodeRange = async (db: SqlExecutor, level: number, from: number, to: number): Promise<Hash[]> => {
  if (!isStoredLevel(level)) {
    const ids = Array.from({ length: to - from }, (_, i) => ({ level, index: from + i }));
    const node = await readNodes(db, ids);
    return ids.map(node);
  }
  const { rows } = await db.query<{ idx: string; hash: unknown }>(
    level === 0
      ? 'SELECT l.leaf_index::text AS idx, l.hash FROM tl_leaves l WHERE l.leaf_index >= $2::bigint AND l.leaf_index < $3::bigint AND $1::int = 0 ORDER BY l.leaf_index'
      : 'SELECT n.idx::text AS idx, n.hash FROM tl_nodes n WHERE n.level = $1 AND n.idx >= $2::bigint AND n.idx < $3::bigint ORDER BY n.idx',
    [level, String(from), String(to)],
  );
  if (rows.length !== to - from || rows.some((r, i) => Number(r.idx) !== from + i))
    throw new Error(`transparency tree is missing nodes at level ${level} between ${from} and ${to}`);
  return rows.map((r) => toBytes(r.hash));
};

/** MTH of the first `size` leaves, from the popcount(size) complete subtrees of its right edge. */
export const readRoot = async (db: SqlExecutor, size: number): Promise<Hash> => {
  if (size === 0) return emptyRoot();
  const node = await readNodes(db, rootNodes(size));
  return hashRange({ start: 0, end: size }, node);
};
