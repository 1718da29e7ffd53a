import { SqlExecutor } from '@registry/event-store';

/**
 * Every checkpoint the log signed, and every key it signed with. Not part of the tree projection: a
 * rebuild of the tree must never forget what was published (verify-log checks the rebuilt tree against
 * these rows).
 */
export const CHECKPOINT_TABLES = [
  `CREATE TABLE IF NOT EXISTS tl_checkpoints (
     id        bigserial   PRIMARY KEY,
     tree_size bigint      NOT NULL,
     root_hash bytea       NOT NULL,
     origin    text        NOT NULL,
     key_id    text        NOT NULL,
     note      text        NOT NULL,
     issued_at timestamptz NOT NULL DEFAULT now(),
     UNIQUE (tree_size, origin, key_id)
   )`,
  `CREATE TABLE IF NOT EXISTS tl_log_keys (
     verifier_key  text        PRIMARY KEY,
     key_id        text        NOT NULL,
     first_used_at timestamptz NOT NULL DEFAULT now()
   )`,
];

export interface CheckpointRow {
  readonly id: string;
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  readonly origin: string;
  readonly keyId: string;
  readonly note: string;
  readonly issuedAt: Date;
}

interface RawRow {
  id: string;
  tree_size: string;
  root_hash: unknown;
  origin: string;
  key_id: string;
  note: string;
  issued_at: Date | string;
}

// Sorts must name the table's columns (c.tree_size, c.id): these text aliases would sort '900' after '1140'.
const COLUMNS = 'id::text AS id, tree_size::text AS tree_size, root_hash, origin, key_id, note, issued_at';

const toRow = (r: RawRow): CheckpointRow => ({
  id: r.id,
  treeSize: Number(r.tree_size),
  rootHash: new Uint8Array(r.root_hash as Uint8Array),
  origin: r.origin,
  keyId: r.key_id,
  note: r.note,
  issuedAt: new Date(r.issued_at),
});

export const setupCheckpointTables = async (db: SqlExecutor): Promise<void> => {
  for (const statement of CHECKPOINT_TABLES) await db.query(statement);
};

/**
 * The checkpoint of the largest tree of the log `origin` (the most recently signed one among equals). The table
 * also keeps the checkpoints of retired logs (the entry format 1 log, signed under LOG_ORIGIN without `/v2`):
 * never the latest of this one.
 */
export const readLatestCheckpoint = async (db: SqlExecutor, origin: string): Promise<CheckpointRow | null> => {
  const { rows } = await db.query<RawRow>(`SELECT ${COLUMNS} FROM tl_checkpoints c WHERE c.origin = $1 ORDER BY c.tree_size DESC, c.id DESC LIMIT 1`, [origin]);
  return rows.length ? toRow(rows[0]) : null;
};

/** Every stored checkpoint, in the order they were issued. */
export const readAllCheckpoints = async (db: SqlExecutor): Promise<CheckpointRow[]> =>
  (await db.query<RawRow>(`SELECT ${COLUMNS} FROM tl_checkpoints c ORDER BY c.id`)).rows.map(toRow);

export const readVerifierKeys = async (db: SqlExecutor): Promise<string[]> =>
  (await db.query<{ verifier_key: string }>('SELECT verifier_key FROM tl_log_keys ORDER BY first_used_at DESC, verifier_key')).rows.map((r) => r.verifier_key);
