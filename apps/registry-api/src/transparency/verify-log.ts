import { SqlExecutor } from '@registry/event-store';
import { setupTreeTables } from './tree-store';
import { equalHashes, MemoryTree, NoteError, NoteVerifier, openNote, parseCheckpoint, parseVerifierKey, verifyConsistency } from '@registry/transparency';
import { readAllCheckpoints, readVerifierKeys } from './checkpoint-store';
import { EVENT_ENTRY_COLUMNS, EventEntryRow, eventOfRow } from './event-rows';
import { logLeafHashOf, readCommitmentKey } from './entry-commitments';
import { LOG_ENTRY_FORMAT_SUFFIX } from '../config/transparency.config';

export interface LogProblem {
  readonly kind:
    | 'LEAF_MISMATCH'
    | 'LEAF_MISSING'
    | 'LEAF_EXTRA'
    | 'CHECKPOINT_SIGNATURE'
    | 'CHECKPOINT_MALFORMED'
    | 'CHECKPOINT_ROOT'
    | 'CHECKPOINT_BEYOND_LOG'
    | 'CHECKPOINTS_INCONSISTENT'
    | 'COMMITMENT_KEY_MISSING';
  readonly message: string;
  readonly leafIndex?: number;
  /** Log position `"<transactionId>.<globalPosition>"` of the event concerned. */
  readonly position?: string;
  readonly checkpointId?: string;
  readonly treeSize?: number;
}

export interface LogReport {
  readonly events: number;
  readonly checkpoints: number;
  /**
   * Checkpoints of the retired entry-format-1 log (origin without `/v2`: built over raw events, before the tree
   * was rebuilt over entries of format 2). Their signatures are checked; their roots are not compared with the v2
   * tree, which is a different log.
   */
  readonly retiredCheckpoints: number;
  readonly verifierKeys: readonly string[];
  readonly problems: readonly LogProblem[];
}

const PAGE = 2000;

/** The global log straight from es_events, in log order, paged by (transaction_id, global_position). */
async function* eventsInLogOrder(db: SqlExecutor): AsyncGenerator<EventEntryRow> {
  let after: [string, string] = ['0', '0'];
  for (;;) {
    const { rows } = await db.query<EventEntryRow>(
      // Qualified: the select list renames both columns to their text forms, which would sort as text.
      `SELECT ${EVENT_ENTRY_COLUMNS} FROM es_events e
       WHERE (e.transaction_id, e.global_position) > ($1::text::xid8, $2::bigint)
       ORDER BY e.transaction_id, e.global_position LIMIT ${PAGE}`,
      after,
    );
    yield* rows;
    if (rows.length < PAGE) return;
    after = [rows[rows.length - 1].transaction_id, rows[rows.length - 1].global_position];
  }
}

/** What the tree projection recorded for each leaf: its hash, and the event and position it came from. */
const storedLeaves = async (db: SqlExecutor) => {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('tl_leaves')::text AS t`);
  if (!exists.rows[0].t) return [];
  // A database the registry has not opened since the leaf hashes moved into tl_leaves: migrate it first (the
  // stored hashes are kept, so what is compared below is what the projection stored when it applied each event).
  await setupTreeTables(db);
  const { rows } = await db.query<{ idx: string; hash: Uint8Array; event_id: string | null; position: string | null }>(
    `SELECT l.leaf_index::text AS idx, l.hash, l.event_id::text AS event_id, l.transaction_id::text || '.' || l.global_position::text AS position
     FROM tl_leaves l ORDER BY l.leaf_index`,
  );
  return rows.map((r) => ({ hash: new Uint8Array(r.hash), eventId: r.event_id, position: r.position }));
};

/**
 * Recomputes the transparency log from the events in the database and checks it against every checkpoint
 * the registry signed: each signature (with `trustedKeys`, or else the keys the database lists), each root
 * against the recomputed tree, and the consistency of consecutive checkpoints. Where the recomputed leaves
 * differ from the leaf hashes the tree projection stored when it applied the events, each differing leaf is
 * reported with its index and log position: that is where a row was altered, deleted, inserted or moved.
 */
export const verifyLog = async (db: SqlExecutor, options: { trustedKeys?: readonly string[]; maxLeafReports?: number } = {}): Promise<LogReport> => {
  const problems: LogProblem[] = [];
  const maxLeafReports = options.maxLeafReports ?? 20;

  const recomputed = new MemoryTree();
  const positions: string[] = [];
  const eventIds: string[] = [];
  // The leaves are entries of format 2: hidden values committed to under the log's commitment key.
  const key = await readCommitmentKey(db);
  if (!key)
    problems.push({
      kind: 'COMMITMENT_KEY_MISSING',
      message: 'tl_commitment_key holds no key: the log entries cannot be recomputed (the leaves below are compared with a zero key)',
    });
  const commitmentKey = key ?? new Uint8Array(32);
  for await (const row of eventsInLogOrder(db)) {
    recomputed.append(logLeafHashOf(eventOfRow(row), commitmentKey));
    positions.push(`${row.transaction_id}.${row.global_position}`);
    eventIds.push(row.event_id);
  }

  // Leaf by leaf against what the projection stored (when it has not been rebuilt from the altered log since).
  const stored = await storedLeaves(db);
  const storedTree = new MemoryTree();
  for (const leaf of stored) storedTree.append(leaf.hash);
  let leafReports = 0;
  const report = (p: LogProblem) => {
    if (leafReports++ < maxLeafReports) problems.push(p);
  };
  const common = Math.min(stored.length, recomputed.size);
  for (let i = 0; i < common; i++) {
    if (equalHashes(stored[i].hash, recomputed.leafHash(i))) continue;
    const was = stored[i].position ? ` (stored from event ${stored[i].eventId} at position ${stored[i].position})` : '';
    const now =
      eventIds[i] === stored[i].eventId
        ? 'that event no longer hashes to it: its row was altered'
        : `the log now has event ${eventIds[i]} there: a row was deleted, inserted or moved`;
    report({
      kind: 'LEAF_MISMATCH',
      leafIndex: i,
      position: stored[i].position ?? positions[i],
      message: `leaf ${i} at position ${stored[i].position ?? positions[i]}${was}: ${now}`,
    });
  }
  for (let i = common; i < stored.length; i++)
    report({
      kind: 'LEAF_MISSING',
      leafIndex: i,
      position: stored[i].position ?? undefined,
      message: `leaf ${i} (event ${stored[i].eventId}, position ${stored[i].position}) is no longer in es_events`,
    });
  if (leafReports > maxLeafReports) problems.push({ kind: 'LEAF_MISMATCH', message: `… and ${leafReports - maxLeafReports} more differing leaves` });

  // Checkpoints.
  const keys = options.trustedKeys?.length ? [...options.trustedKeys] : await readVerifierKeys(db).catch(() => []);
  const verifiers: NoteVerifier[] = keys.map((k) => parseVerifierKey(k));
  const checkpoints = await readAllCheckpoints(db).catch(() => []);
  const valid: { id: string; size: number; root: Uint8Array }[] = [];
  let retired = 0;
  for (const c of checkpoints) {
    const where = { checkpointId: c.id, treeSize: c.treeSize };
    let text: string;
    try {
      text = openNote(c.note, verifiers).text;
    } catch (error) {
      const reason = error instanceof NoteError ? error.message : String(error);
      problems.push({ kind: 'CHECKPOINT_SIGNATURE', ...where, message: `checkpoint #${c.id} (tree size ${c.treeSize}): ${reason}` });
      continue;
    }
    let parsed;
    try {
      parsed = parseCheckpoint(text);
    } catch (error) {
      problems.push({ kind: 'CHECKPOINT_MALFORMED', ...where, message: `checkpoint #${c.id}: ${(error as Error).message}` });
      continue;
    }
    if (parsed.size !== c.treeSize || !equalHashes(parsed.rootHash, c.rootHash) || parsed.origin !== c.origin)
      problems.push({
        kind: 'CHECKPOINT_MALFORMED',
        ...where,
        message: `checkpoint #${c.id}: its row's size, root or origin differ from its signed note (the row was altered); the note is what counts`,
      });
    // The signed origin says which log: the retired format-1 log's checkpoints are not checkpoints of this tree.
    if (!parsed.origin.endsWith(LOG_ENTRY_FORMAT_SUFFIX)) {
      retired++;
      continue;
    }
    valid.push({ id: c.id, size: parsed.size, root: parsed.rootHash });
    if (parsed.size > recomputed.size) {
      problems.push({
        kind: 'CHECKPOINT_BEYOND_LOG',
        ...where,
        message: `checkpoint #${c.id} commits to ${parsed.size} leaves but es_events holds only ${recomputed.size} events: events were deleted`,
      });
      continue;
    }
    if (!equalHashes(recomputed.root(parsed.size), parsed.rootHash)) {
      let first = 0;
      while (first < Math.min(parsed.size, stored.length) && equalHashes(stored[first].hash, recomputed.leafHash(first))) first++;
      const at = first < parsed.size ? ` (first differing leaf ${first}, position ${stored[first]?.position ?? positions[first]})` : '';
      problems.push({
        kind: 'CHECKPOINT_ROOT',
        ...where,
        leafIndex: first < parsed.size ? first : undefined,
        message: `checkpoint #${c.id} (tree size ${parsed.size}): its signed root does not match the tree recomputed from es_events${at}`,
      });
    }
  }

  // Consecutive signed checkpoints must be consistent; proved with the stored tree, as a monitor would be shown.
  const bySize = [...valid].sort((a, b) => a.size - b.size || Number(a.id) - Number(b.id));
  for (let i = 1; i < bySize.length; i++) {
    const [a, b] = [bySize[i - 1], bySize[i]];
    const proofTree = b.size <= storedTree.size ? storedTree : b.size <= recomputed.size ? recomputed : undefined;
    const ok = proofTree ? verifyConsistency(a.size, b.size, a.root, b.root, a.size === b.size ? [] : proofTree.consistencyProof(a.size, b.size)) : false;
    if (!ok)
      problems.push({
        kind: 'CHECKPOINTS_INCONSISTENT',
        checkpointId: b.id,
        treeSize: b.size,
        message: `checkpoints #${a.id} (size ${a.size}) and #${b.id} (size ${b.size}) are not consistent: the log was rewritten between them, or one was forged`,
      });
  }

  return { events: recomputed.size, checkpoints: checkpoints.length, retiredCheckpoints: retired, verifierKeys: keys, problems };
};
