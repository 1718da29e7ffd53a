import { consistencyProofRanges, emptyRoot, Hash, hashChildren, hashRange, inclusionProofRanges, NodeId, proofHashes } from './merkle';

/**
 * An append-only Merkle tree held in memory, storing every complete subtree exactly as the database
 * projection does (level 0 = leaf hashes; a node is stored once both children exist). Used by `verify-log`
 * to recompute the log from its events, and by tests as the reference the stored tree must equal.
 */
export class MemoryTree {
  /** levels[l][i] = hash of the complete subtree of 2^l leaves starting at leaf i·2^l. */
  private readonly levels: Hash[][] = [[]];

  get size(): number {
    return this.levels[0].length;
  }

  /** Appends a leaf hash; returns the complete subtrees this created (the leaf first, then its parents). */
  append(leafHash: Hash): { id: NodeId; hash: Hash }[] {
    const created = [{ id: { level: 0, index: this.size }, hash: leafHash }];
    this.levels[0].push(leafHash);
    let level = 0;
    let index = this.levels[0].length - 1;
    // A right child (odd index) completes its parent.
    while (index % 2 === 1) {
      const parent = hashChildren(this.levels[level][index - 1], this.levels[level][index]);
      level += 1;
      index = (index - 1) / 2;
      (this.levels[level] ??= []).push(parent);
      created.push({ id: { level, index }, hash: parent });
    }
    return created;
  }

  node = ({ level, index }: NodeId): Hash => {
    const hash = this.levels[level]?.[index];
    if (!hash) throw new RangeError(`no complete subtree at level ${level}, index ${index} in a tree of ${this.size}`);
    return hash;
  };

  leafHash(index: number): Hash {
    return this.node({ level: 0, index });
  }

  /** MTH of the first `size` leaves (default: all). */
  root(size = this.size): Hash {
    if (size > this.size) throw new RangeError(`tree has ${this.size} leaves, asked for the root of ${size}`);
    return size === 0 ? emptyRoot() : hashRange({ start: 0, end: size }, this.node);
  }

  inclusionProof(leafIndex: number, treeSize: number): Hash[] {
    if (treeSize > this.size) throw new RangeError(`tree has ${this.size} leaves, asked for a proof in ${treeSize}`);
    return proofHashes(inclusionProofRanges(leafIndex, treeSize), this.node);
  }

  consistencyProof(first: number, second: number): Hash[] {
    if (second > this.size) throw new RangeError(`tree has ${this.size} leaves, asked for a proof to ${second}`);
    return proofHashes(consistencyProofRanges(first, second), this.node);
  }
}
