import { Injectable } from '@nestjs/common';
import { ReadModelProjection } from '../infrastructure/read-model.decorator';
import { RecordedEvent, SqlExecutor } from '@registry/event-store';
import { Projection } from '@registry/projections';
import { appendToFrontier, Frontier, isStoredLevel, rootNodes } from '@registry/transparency';
import { readNodes, readTreeSize, setupTreeTables } from './tree-store';
import { loadCommitmentKey, logLeafHashOf } from './entry-commitments';

const hex = (hash: Uint8Array) => Buffer.from(hash).toString('hex');

/** The projection's name (its checkpoint row); `ProjectionRunner.waitFor(..., [TRANSPARENCY_TREE])` waits for the tree. */
export const TRANSPARENCY_TREE = 'transparency-tree';

/**
 * The transparency log's Merkle tree as a read model: every event of the global log, in log order, is the
 * next leaf (leaf index = number of events before it in log order). Each batch writes one `tl_leaves` row per
 * event (with its leaf hash) and the few complete subtrees at stored levels it finishes (one per 256 leaves), in
 * one statement that also moves the tree size, guarded by the size it expected; so a rebuild from position 0
 * gives the same rows, and a stale frontier can never leave a gap.
 *
 * Leaves are entries of format 2 (libs/transparency/src/entry.ts `committedEntryOf`): what anonymous readers may
 * not see is a salted commitment, under the key of entry-commitments.ts. Version 2 of the projection: the tree of
 * version 1 was built over raw events (restricted values in the public entries), so it is rebuilt; the v2 log signs
 * its checkpoints under its own origin (TransparencyConfig.origin ends in `/v2`).
 */
@Injectable()
@ReadModelProjection()
export class TransparencyTreeProjection implements Projection {
  readonly name = TRANSPARENCY_TREE;
  readonly version = 2;
  /**
   * Commands do not wait for the tree (they read their answers from the other read models), and a burst of
   * appends is applied as one batch: the tree lags the log by about the runner's coalescing window. Nothing is
   * served ahead of it: proofs only for sizes a signed checkpoint covers, and checkpoints only of the tree as
   * built; a credential waits for the tree to reach what it cites (LogAnchors), an on-demand checkpoint catches
   * it up first (TransparencyLog.publishCheckpoint).
   */
  readonly schedule: 'awaited' | 'background' = 'background';

  /**
   * The right edge after the last batch this instance wrote. It is used only when the stored tree size equals
   * its size: the tree of a given size is the same whoever built it (the same log prefix), and a batch whose
   * transaction rolled back left the stored size below it, so it is reloaded then.
   */
  private frontier: Frontier | undefined;

  private key: Uint8Array | undefined;

  async setup(db: SqlExecutor): Promise<void> {
    await setupTreeTables(db);
    this.key = await loadCommitmentKey(db);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    this.frontier = undefined;
    await tx.query('DELETE FROM tl_nodes');
    await tx.query('DELETE FROM tl_leaves');
    await tx.query('UPDATE tl_tree SET size = 0 WHERE id = 1');
  }

  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    return this.applyBatch(tx, [event]);
  }

  /**
   * Appends the batch's leaves to the frontier in memory and writes the new leaves (hash included) and the
   * complete subtrees at stored levels in ONE statement, guarded by the tree size it started from.
   */
  async applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const size = await readTreeSize(tx);
    const from = this.frontier?.size === size ? this.frontier : await this.loadFrontier(tx, size);
    this.frontier = undefined;
    const key = (this.key ??= await loadCommitmentKey(tx));
    const leafHashes = events.map((e) => logLeafHashOf(e, key));
    const { frontier, created } = appendToFrontier(from, leafHashes);
    const upper = created.filter((c) => c.id.level > 0 && isStoredLevel(c.id.level));
    const { rows } = await tx.query<{ moved: number }>(
      `WITH s AS (UPDATE tl_tree SET size = $1::bigint + $2::bigint WHERE id = 1 AND size = $1::bigint RETURNING size),
            l AS (INSERT INTO tl_leaves (leaf_index, event_id, transaction_id, global_position, hash)
                  SELECT $1::bigint + u.ord - 1, u.event_id, u.txid::xid8, u.pos, decode(u.hash, 'hex') FROM s,
                    unnest($3::uuid[], $4::text[], $5::bigint[], $6::text[]) WITH ORDINALITY AS u(event_id, txid, pos, hash, ord)),
            n AS (INSERT INTO tl_nodes (level, idx, hash)
                  SELECT u.level, u.idx, decode(u.hash, 'hex') FROM s, unnest($7::int[], $8::bigint[], $9::text[]) AS u(level, idx, hash))
       SELECT count(*)::int AS moved FROM s`,
      [
        String(from.size),
        String(events.length),
        events.map((e) => e.eventId),
        events.map((e) => e.position.transactionId.toString()),
        events.map((e) => e.position.globalPosition.toString()),
        leafHashes.map(hex),
        upper.map((c) => c.id.level),
        upper.map((c) => String(c.id.index)),
        upper.map((c) => hex(c.hash)),
      ],
    );
    if (rows[0]?.moved !== 1)
      throw new Error(`transparency tree moved under its projection (expected size ${from.size}); the batch is rolled back and retried`);
    this.frontier = frontier;
  }

  private async loadFrontier(tx: SqlExecutor, size: number): Promise<Frontier> {
    const ids = rootNodes(size);
    const node = await readNodes(tx, ids);
    return { size, nodes: ids.map((id) => ({ id, hash: node(id) })) };
  }
}
