import { Injectable } from '@nestjs/common';
import { RecordedEvent, SqlExecutor } from '@registry/event-store';
import { Projection } from '@registry/projections';
import { Hash, hashChildren, leafHashOf, NodeId, rootNodes } from '@registry/transparency';
import { readNodes, readTreeSize, TREE_TABLES } from './tree-store';

/** The tree's right edge: its size and the complete subtrees its root folds (the "compact range"). */
interface Frontier {
  size: number;
  nodes: { id: NodeId; hash: Hash }[];
}

/**
 * The transparency log's Merkle tree as a read model: every event of the global log, in log order, is the
 * next leaf (leaf index = number of events before it in log order). Each event writes its leaf hash and the
 * complete subtrees it finishes, in one statement that also moves the tree size, guarded by the size it
 * expected; so a rebuild from position 0 gives the same rows, and a stale frontier can never leave a gap.
 */
@Injectable()
export class TransparencyTreeProjection implements Projection {
  readonly name = 'transparency-tree';
  readonly version = 1;

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

  async apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    const frontier = this.frontiers.get(tx) ?? (await this.loadFrontier(tx));
    const index = frontier.size;
    // Compact-range append: the new leaf merges with every right-most complete subtree of its own height.
    const created: { id: NodeId; hash: Hash }[] = [{ id: { level: 0, index }, hash: leafHashOf(event) }];
    let top = created[0];
    const nodes = [...frontier.nodes];
    while (nodes.length && nodes[nodes.length - 1].id.level === top.id.level) {
      const left = nodes.pop()!;
      top = { id: { level: top.id.level + 1, index: left.id.index / 2 }, hash: hashChildren(left.hash, top.hash) };
      created.push(top);
    }
    nodes.push(top);
    const { rows } = await tx.query<{ moved: number }>(
      `WITH s AS (UPDATE tl_tree SET size = $1::bigint + 1 WHERE id = 1 AND size = $1::bigint RETURNING size),
            l AS (INSERT INTO tl_leaves (leaf_index, event_id, transaction_id, global_position)
                  SELECT $1::bigint, $2::uuid, $3::text::xid8, $4::bigint FROM s),
            n AS (INSERT INTO tl_nodes (level, idx, hash)
                  SELECT u.level, u.idx, decode(u.hash, 'hex') FROM s, unnest($5::int[], $6::bigint[], $7::text[]) AS u(level, idx, hash))
       SELECT count(*)::int AS moved FROM s`,
      [
        String(index),
        event.eventId,
        event.position.transactionId.toString(),
        event.position.globalPosition.toString(),
        created.map((c) => c.id.level),
        created.map((c) => String(c.id.index)),
        created.map((c) => Buffer.from(c.hash).toString('hex')),
      ],
    );
    if (rows[0]?.moved !== 1) {
      this.frontiers.delete(tx);
      throw new Error(`transparency tree moved under its projection (expected size ${index}); the batch is rolled back and retried`);
    }
    this.frontiers.set(tx, { size: index + 1, nodes });
  }

  private async loadFrontier(tx: SqlExecutor): Promise<Frontier> {
    const size = await readTreeSize(tx);
    const ids = rootNodes(size);
    const node = await readNodes(tx, ids);
    return { size, nodes: ids.map((id) => ({ id, hash: node(id) })) };
  }
}
