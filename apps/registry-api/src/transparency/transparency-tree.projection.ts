import { Injectable } from '@nestjs/common';
import { RecordedEvent, SqlExecutor } from '@registry/event-store';
import { Projection } from '@registry/projections';
import { Hash, hashChildren, leafHashOf, NodeId, rootNodes } from '@registry/transparency';
import { readNodes, readTreeSize, TREE_TABLES } from './tree-store';

/** The projection's name (its checkpoint row); `ProjectionRunner.waitFor(..., [TRANSPARENCY_TREE])` waits for the tree. */
export const TRANSPARENCY_TREE = 'transparency-tree';

/** The tree's right edge: its size and the complete subtrees its root folds (the "compact range"). */
interface Frontier {
  size: number;
  nodes: { id: NodeId; hash: Hash }[];
}

/**
 * The transparency log's Merkle tree as a read model: every event of the global log, in log order, is the
 * next leaf (leaf index = number of events before it in log order). Each batch writes its leaf hashes and the
 * complete subtrees they finish, in one statement that also moves the tree size, guarded by the size it
 * expected; so a rebuild from position 0 gives the same rows, and a stale frontier can never leave a gap.
 */
@Injectable()
export class TransparencyTreeProjection implements Projection {
  readonly name = TRANSPARENCY_TREE;
  readonly version = 1;
  /**
   * Commands do not wait for the tree (they read their answers from the other read models), and a burst of
   * appends is applied as one batch: the tree lags the log by about the runner's coalescing window. Nothing is
   * served ahead of it: proofs only for sizes a signed checkpoint covers, and checkpoints only of the tree as
   * built; a credential waits for the tree to reach what it cites (LogAnchors), an on-demand checkpoint catches
   * it up first (TransparencyLog.publishCheckpoint).
   */
  readonly schedule: 'awaited' | 'background' = 'background';

  /**
   * The frontier, per transaction: the runner applies a batch of events in one transaction, so it is read
   * once per batch rather than once per event. Both database adapters hand each transaction a new executor
   * object, so a rolled-back batch's frontier is never seen again; the size guard below catches it anyway.
   */
  private readonly frontiers = new WeakMap<SqlExecutor, Frontier>();

  async setup(db: SqlExecutor): Promise<void> {
    for (const statement of TREE_TABLES) await db.query(statement);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    this.frontiers.delete(tx);
    await tx.query('DELETE FROM tl_nodes');
    await tx.query('DELETE FROM tl_leaves');
    await tx.query('UPDATE tl_tree SET size = 0 WHERE id = 1');
  }

  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    return this.applyBatch(tx, [event]);
  }

  /**
   * Appends the batch's leaves to the frontier in memory and writes every new leaf and complete subtree in
   * ONE statement, guarded by the tree size it started from. Per event it was one statement each, which
   * halved append throughput with the log busy (bench:trust).
   */
  async applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const frontier = this.frontiers.get(tx) ?? (await this.loadFrontier(tx));
    const start = frontier.size;
    const nodes = [...frontier.nodes];
    const created: { id: NodeId; hash: Hash }[] = [];
    events.forEach((event, i) => {
      // Compact-range append: the new leaf merges with every right-most complete subtree of its own height.
      let top = { id: { level: 0, index: start + i }, hash: leafHashOf(event) };
      created.push(top);
      while (nodes.length && nodes[nodes.length - 1].id.level === top.id.level) {
        const left = nodes.pop()!;
        top = { id: { level: top.id.level + 1, index: left.id.index / 2 }, hash: hashChildren(left.hash, top.hash) };
        created.push(top);
      }
      nodes.push(top);
    });
    const { rows } = await tx.query<{ moved: number }>(
      `WITH s AS (UPDATE tl_tree SET size = $1::bigint + $2::bigint WHERE id = 1 AND size = $1::bigint RETURNING size),
            l AS (INSERT INTO tl_leaves (leaf_index, event_id, transaction_id, global_position)
                  SELECT $1::bigint + u.ord - 1, u.event_id, u.txid::xid8, u.pos FROM s,
                    unnest($3::uuid[], $4::text[], $5::bigint[]) WITH ORDINALITY AS u(event_id, txid, pos, ord)),
            n AS (INSERT INTO tl_nodes (level, idx, hash)
                  SELECT u.level, u.idx, decode(u.hash, 'hex') FROM s, unnest($6::int[], $7::bigint[], $8::text[]) AS u(level, idx, hash))
       SELECT count(*)::int AS moved FROM s`,
      [
        String(start),
        String(events.length),
        events.map((e) => e.eventId),
        events.map((e) => e.position.transactionId.toString()),
        events.map((e) => e.position.globalPosition.toString()),
        created.map((c) => c.id.level),
        created.map((c) => String(c.id.index)),
        created.map((c) => Buffer.from(c.hash).toString('hex')),
      ],
    );
    if (rows[0]?.moved !== 1) {
      this.frontiers.delete(tx);
      throw new Error(`transparency tree moved under its projection (expected size ${start}); the batch is rolled back and retried`);
    }
    this.frontiers.set(tx, { size: start + events.length, nodes });
  }

  private async loadFrontier(tx: SqlExecutor): Promise<Frontier> {
    const size = await readTreeSize(tx);
    const ids = rootNodes(size);
    const node = await readNodes(tx, ids);
    return { size, nodes: ids.map((id) => ({ id, hash: node(id) })) };
  }
}
