import { Hash, hashChildren, NodeId, nodeKey } from './merkle';

/**
 * Which complete subtrees the registry stores, and how every other one is computed from them.
 *
 * Storing every complete subtree costs about two rows per leaf (the leaf hash and, on average, one parent). The
 * registry stores level 0 (the leaf hashes, kept beside each leaf's event id) and every multiple of
 * `STORED_LEVEL_STRIDE` (4, 8, 12, …; the C2SP tlog-tiles levels 0, 8, 16, … among them), i.e. one row per leaf
 * plus one per 16 leaves. A node at any other level is the fold of at most 2^3 = 8 stored nodes of the highest
 * stored level below it: an inclusion proof in a tree of a million leaves reads about 15 stored hashes per 4
 * levels, in one query, and hashes about as many again in memory.
 */
export const STORED_LEVEL_STRIDE = 4;

export const isStoredLevel = (level: number): boolean => level % STORED_LEVEL_STRIDE === 0;

/** The stored nodes a complete subtree is the fold of: itself when its level is stored, else a run one level band below. */
export const storedCover = ({ level, index }: NodeId): { level: number; from: number; to: number } => {
  const base = level - (level % STORED_LEVEL_STRIDE);
  const width = 2 ** (level - base);
  return { level: base, from: index * width, to: (index + 1) * width };
};

/** The stored nodes `ids` are computed from, each once, in (level, index) order. */
export const storedNodesFor = (ids: readonly NodeId[]): NodeId[] => {
  const seen = new Map<string, NodeId>();
  for (const id of ids) {
    const c = storedCover(id);
    for (let i = c.from; i < c.to; i++) {
      const s = { level: c.level, index: i };
      seen.set(nodeKey(s), s);
    }
  }
  return [...seen.values()].sort((a, b) => a.level - b.level || a.index - b.index);
};

/**
 * Resolves any complete subtree from the stored ones (`stored` throws for one it lacks), memoising what it folds,
 * so that the nodes of one proof, which share their lower levels, are hashed once.
 */
export const nodesFromStored = (stored: (id: NodeId) => Hash): ((id: NodeId) => Hash) => {
  const memo = new Map<string, Hash>();
  const node = (id: NodeId): Hash => {
    if (isStoredLevel(id.level)) return stored(id);
    const key = nodeKey(id);
    let hash = memo.get(key);
    if (!hash) {
      const below = id.level - 1;
      hash = hashChildren(node({ level: below, index: id.index * 2 }), node({ level: below, index: id.index * 2 + 1 }));
      memo.set(key, hash);
    }
    return hash;
  };
  return node;
};

/** A tree's right edge: its size and the complete subtrees its root folds, left to right (the "compact range"). */
export interface Frontier {
  readonly size: number;
  readonly nodes: readonly { readonly id: NodeId; readonly hash: Hash }[];
}

export const EMPTY_FRONTIER: Frontier = { size: 0, nodes: [] };

/**
 * Appends leaf hashes to a frontier in memory (RFC 9162 / transparency-dev compact-range append): each new leaf
 * merges with every right-most complete subtree of its own height. Returns the new frontier and every complete
 * subtree the leaves created, leaf first, in order; a store keeps those at stored levels (`isStoredLevel`).
 */
export const appendToFrontier = (frontier: Frontier, leafHashes: readonly Hash[]): { frontier: Frontier; created: { id: NodeId; hash: Hash }[] } => {
  const nodes = [...frontier.nodes];
  const created: { id: NodeId; hash: Hash }[] = [];
  leafHashes.forEach((leafHash, i) => {
    let top = { id: { level: 0, index: frontier.size + i }, hash: leafHash };
    created.push(top);
    while (nodes.length && nodes[nodes.length - 1].id.level === top.id.level) {
      const left = nodes.pop()!;
      top = { id: { level: top.id.level + 1, index: left.id.index / 2 }, hash: hashChildren(left.hash, top.hash) };
      created.push(top);
    }
    nodes.push(top);
  });
  return { frontier: { size: frontier.size + leafHashes.length, nodes }, created };
};
