import { createHash } from 'node:crypto';

/**
 * RFC 9162 §2.1 (same as RFC 6962 §2.1) Merkle tree hashing with SHA-256.
 *
 * Tree sizes and indexes are JavaScript numbers and every bit operation is done with arithmetic, never with
 * `>>`/`&` (those truncate to 32 bits), so sizes up to 2^53 are handled exactly.
 */

export type Hash = Uint8Array;

export const HASH_SIZE = 32;

const sha256 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** MTH({}) = SHA-256() */
export const emptyRoot = (): Hash => sha256();
/** MTH({d}) = SHA-256(0x00 || d) */
export const hashLeaf = (entry: Uint8Array): Hash => sha256(LEAF_PREFIX, entry);
/** SHA-256(0x01 || left || right) */
export const hashChildren = (left: Hash, right: Hash): Hash => sha256(NODE_PREFIX, left, right);

export const equalHashes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The largest power of two smaller than n (n > 1): RFC 9162's k. */
export const largestPowerOfTwoBelow = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

const isPowerOfTwo = (n: number): boolean => n === 1 || (n > 1 && largestPowerOfTwoBelow(n) * 2 === n);

const checkSize = (name: string, n: number) => {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${n}`);
};

/**
 * A complete (perfect) subtree: the 2^level leaves starting at index * 2^level. These are the only nodes a
 * log stores; every hash in a proof is a stored node or a fold of a few of them.
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/**
 * A run of leaves [start, end) as the RFC's recursion produces it (start is a multiple of the largest power
 * of two ≤ end - start, so the run splits into aligned complete subtrees).
 */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The complete subtrees whose right fold is MTH(D[start:end]), left to right: RFC 9162 splits a run at the
 * largest power of two k < n, whose left part D[0:k] is complete, and recurses on the right.
 */
export const rangeNodes = ({ start, end }: LeafRange): NodeId[] => {
  if (end <= start) throw new RangeError(`empty leaf range [${start}, ${end})`);
  const nodes: NodeId[] = [];
  let a = start;
  while (a < end) {
    const n = end - a;
    const size = isPowerOfTwo(n) ? n : largestPowerOfTwoBelow(n);
    if (a % size !== 0) throw new RangeError(`leaf range [${start}, ${end}) is not one the RFC's recursion produces`);
    nodes.push({ level: Math.log2(size), index: a / size });
    a += size;
  }
  return nodes;
};

/** MTH(D[start:end]) from the hashes of its complete subtrees (see `rangeNodes`). */
export const hashRange = (range: LeafRange, node: (id: NodeId) => Hash): Hash => {
  const ids = rangeNodes(range);
  let acc = node(ids[ids.length - 1]);
  for (let i = ids.length - 2; i >= 0; i--) acc = hashChildren(node(ids[i]), acc);
  return acc;
};

/** The complete subtrees needed for the root of a tree of `size` leaves (one per 1-bit of size). */
export const rootNodes = (size: number): NodeId[] => (size === 0 ? [] : rangeNodes({ start: 0, end: size }));

/**
 * RFC 9162 §2.1.3.1 PATH(m, D[n]) as leaf ranges, bottom-up: the proof's hashes are MTH of each range.
 */
export const inclusionProofRanges = (leafIndex: number, treeSize: number): LeafRange[] => {
  checkSize('leafIndex', leafIndex);
  checkSize('treeSize', treeSize);
  if (leafIndex >= treeSize) throw new RangeError(`leaf index ${leafIndex} is not below tree size ${treeSize}`);
  const path: LeafRange[] = [];
  let start = 0;
  let n = treeSize;
  let m = leafIndex;
  // Top-down, then reversed: PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) or PATH(m-k, D[k:n]) : MTH(D[0:k]).
  while (n > 1) {
    const k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path.push({ start: start + k, end: start + n });
      n = k;
    } else {
      path.push({ start, end: start + k });
      start += k;
      m -= k;
      n -= k;
    }
  }
  return path.reverse();
};

/**
 * RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true) as leaf ranges, in the RFC's order.
 * Defined for 0 < m ≤ n; PROOF(n, D[n]) is empty.
 */
export const consistencyProofRanges = (first: number, second: number): LeafRange[] => {
  checkSize('first', first);
  checkSize('second', second);
  if (first < 1 || first > second) throw new RangeError(`consistency proof needs 0 < first ≤ second, got ${first}, ${second}`);
  const out: LeafRange[] = [];
  const subproof = (m: number, start: number, n: number, b: boolean) => {
    if (m === n) {
      if (!b) out.push({ start, end: start + n });
      return;
    }
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(m, start, k, b);
      out.push({ start: start + k, end: start + n });
    } else {
      subproof(m - k, start + k, n - k, false);
      out.push({ start, end: start + k });
    }
  };
  subproof(first, 0, second, true);
  return out;
};

/** Every complete subtree whose hash a set of ranges needs, without duplicates (one database read). */
export const nodesFor = (ranges: readonly LeafRange[]): NodeId[] => {
  const seen = new Map<string, NodeId>();
  for (const r of ranges) for (const id of rangeNodes(r)) seen.set(nodeKey(id), id);
  return [...seen.values()];
};

export const nodeKey = (id: NodeId): string => `${id.level}/${id.index}`;

/** The hashes of a proof given as ranges, from a source of complete-subtree hashes. */
export const proofHashes = (ranges: readonly LeafRange[], node: (id: NodeId) => Hash): Hash[] => ranges.map((r) => hashRange(r, node));

/** RFC 9162 §2.1.3.2: verifies that `leafHash` is leaf `leafIndex` of the tree of `treeSize` with `rootHash`. */
export const verifyInclusion = (leafIndex: number, treeSize: number, leafHash: Hash, proof: readonly Hash[], rootHash: Hash): boolean => {
  const root = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
  return root !== undefined && equalHashes(root, rootHash);
};

/** The root an inclusion proof implies (RFC 9162 §2.1.3.2 steps 1-4), or undefined if the proof is malformed. */
export const rootFromInclusionProof = (leafIndex: number, treeSize: number, leafHash: Hash, proof: readonly Hash[]): Hash | undefined => {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return undefined;
  if (leafHash.length !== HASH_SIZE || proof.some((p) => p.length !== HASH_SIZE)) return undefined;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
};

/**
 * RFC 9162 §2.1.4.2: verifies that the tree of `second` leaves with `secondHash` extends the tree of `first`
 * leaves with `firstHash`. The RFC's algorithm covers 0 < first < second; like transparency-dev/merkle we
 * also accept first = second (empty proof, equal roots) and refuse first = 0 (a proof from the empty tree
 * proves nothing, so a caller relying on one is refused rather than reassured).
 */
export const verifyConsistency = (first: number, second: number, firstHash: Hash, secondHash: Hash, proof: readonly Hash[]): boolean => {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 1 || second < first) return false;
  if (first === second) return proof.length === 0 && equalHashes(firstHash, secondHash);
  if (firstHash.length !== HASH_SIZE || secondHash.length !== HASH_SIZE || proof.some((p) => p.length !== HASH_SIZE)) return false;
  // 1. An empty path fails.
  if (proof.length === 0) return false;
  // 2. If first is an exact power of 2, prepend first_hash.
  const path = isPowerOfTwo(first) ? [firstHash, ...proof] : [...proof];
  // 3.
  let fn = first - 1;
  let sn = second - 1;
  // 4.
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 5.
  let fr = path[0];
  let sr = path[0];
  // 6.
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // 7.
  return equalHashes(fr, firstHash) && equalHashes(sr, secondHash) && sn === 0;
};
