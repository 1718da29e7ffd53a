import { randomBytes } from 'node:crypto';
import { SqlExecutor } from '@registry/event-store';
import { committedEntryOf, committedLeafHashOf, Disclosure, EntryHidingPolicy, EventLike, Hash, entryBytes } from '@registry/transparency';
import { ANONYMOUS_HIDDEN_METADATA, RESTRICTED_EVENT_FIELDS } from '../auth/visibility';

/**
 * What log entries (format 2) hide: exactly what anonymous histories and the changes feed hide (auth/visibility.ts),
 * so a restricted field added there is hidden in the log too.
 */
export const LOG_ENTRY_POLICY: EntryHidingPolicy = { dataFields: RESTRICTED_EVENT_FIELDS, metadataPaths: ANONYMOUS_HIDDEN_METADATA };

/**
 * The log's commitment key: 32 random bytes generated once, kept in the database next to the log's checkpoints
 * (not in the tree projection's tables: a rebuild keeps it, or every leaf would change). In the database rather
 * than a key file because (1) the leaves depend on it for ever, so it must not change when the signing key is
 * rotated (a key derived from the signing key would); (2) every instance on one PostgreSQL database shares it
 * without a new setting; (3) verify-log recomputes the leaves with it from es_events alone; (4) whoever can read
 * this table can read es_events, the raw values it hides, anyway.
 */
const TABLE = `CREATE TABLE IF NOT EXISTS tl_commitment_key (
  id         integer     PRIMARY KEY CHECK (id = 1),
  key        bytea       NOT NULL CHECK (length(key) = 32),
  created_at timestamptz NOT NULL DEFAULT now()
)`;

/** The key, created on first use (two instances starting at once get the same one). */
export const loadCommitmentKey = async (db: SqlExecutor): Promise<Uint8Array> => {
  await db.query(TABLE);
  await db.query(`INSERT INTO tl_commitment_key (id, key) VALUES (1, decode($1, 'hex')) ON CONFLICT (id) DO NOTHING`, [randomBytes(32).toString('hex')]);
  const key = await readCommitmentKey(db);
  if (!key) throw new Error('the transparency log commitment key could not be stored');
  return key;
};

/** The key if it exists (read-only: verify-log, the read side). */
export const readCommitmentKey = async (db: SqlExecutor): Promise<Uint8Array | undefined> => {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('tl_commitment_key')::text AS t`);
  if (!exists.rows[0].t) return undefined;
  const { rows } = await db.query<{ key: Uint8Array }>('SELECT key FROM tl_commitment_key WHERE id = 1');
  return rows.length ? new Uint8Array(rows[0].key) : undefined;
};

export const logLeafHashOf = (event: EventLike, key: Uint8Array): Hash => committedLeafHashOf(event, key, LOG_ENTRY_POLICY);

export const logEntryBytesOf = (event: EventLike, key: Uint8Array): Uint8Array => entryBytes(committedEntryOf(event, key, LOG_ENTRY_POLICY).entry);

export const logEntryWithDisclosures = (event: EventLike, key: Uint8Array): { entry: string; disclosures: Disclosure[] } => {
  const { entry, disclosures } = committedEntryOf(event, key, LOG_ENTRY_POLICY);
  return { entry: new TextDecoder().decode(entryBytes(entry)), disclosures };
};
