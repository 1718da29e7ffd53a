import fc from 'fast-check';
import { verifyMerkleInclusion } from '@sigstore/verify/dist/tlog/merkle';
import {
  consistencyProofRanges,
  emptyRoot,
  hashChildren,
  hashLeaf,
  inclusionProofRanges,
  rangeNodes,
  rootFromInclusionProof,
  rootNodes,
  verifyConsistency,
  verifyInclusion,
} from './merkle';
import { MemoryTree } from './memory-tree';
import inclusionVectors from './testdata/transparency-dev-merkle-inclusion.json';
import consistencyVectors from './testdata/transparency-dev-merkle-consistency.json';

const hex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const toHex = (h: Uint8Array) => Buffer.from(h).toString('hex');

// transparency-dev/merkle testonly/constants.go (LeafInputs, RootHashes, NodeHashes), the RFC 6962 reference
// tree of certificate-transparency: eight leaves and the root of every prefix of them.
const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const NODE_HASHES = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  ['d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];

const referenceTree = () => {
  const tree = new MemoryTree();
  for (const leaf of LEAF_INPUTS) tree.append(hashLeaf(leaf));
  return tree;
};

/** A straight transcription of RFC 9162 §2.1.1 MTH, the recursive definition, as an oracle. */
const mth = (leaves: Uint8Array[]): Uint8Array => {
  if (leaves.length === 0) return emptyRoot();
  if (leaves.length === 1) return hashLeaf(leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return hashChildren(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
};

interface InclusionVector {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}
interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

describe('RFC 9162 Merkle tree hashing', () => {
  it('computes the root of every prefix of the certificate-transparency reference tree', () => {
    const tree = referenceTree();
    for (let size = 0; size <= 8; size++) expect(toHex(tree.root(size))).toBe(ROOTS[size]);
    for (let size = 0; size <= 8; size++) expect(toHex(mth(LEAF_INPUTS.slice(0, size)))).toBe(ROOTS[size]);
  });

  it('stores exactly the reference complete-subtree hashes', () => {
    const tree = referenceTree();
    NODE_HASHES.forEach((level, l) => level.forEach((h, i) => expect(toHex(tree.node({ level: l, index: i }))).toBe(h)));
    expect(() => tree.node({ level: 3, index: 1 })).toThrow(RangeError);
  });

  it('decomposes a tree into one complete subtree per 1-bit of its size', () => {
    expect(rootNodes(0)).toEqual([]);
    expect(rootNodes(7)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(rootNodes(8)).toEqual([{ level: 3, index: 0 }]);
    expect(rangeNodes({ start: 4, end: 7 })).toEqual([
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(() => rangeNodes({ start: 1, end: 3 })).toThrow(RangeError);
    expect(() => rangeNodes({ start: 3, end: 3 })).toThrow(RangeError);
  });

  it('produces the ranges of RFC 9162 PATH and PROOF', () => {
    expect(inclusionProofRanges(0, 1)).toEqual([]);
    expect(inclusionProofRanges(2, 3)).toEqual([{ start: 0, end: 2 }]);
    expect(inclusionProofRanges(0, 7)).toEqual([
      { start: 1, end: 2 },
      { start: 2, end: 4 },
      { start: 4, end: 7 },
    ]);
    expect(consistencyProofRanges(3, 3)).toEqual([]);
    // RFC 9162 §2.1.4.3 example: PROOF(3, D[7]) = [c, d, g, l]
    expect(consistencyProofRanges(3, 7)).toEqual([
      { start: 2, end: 3 },
      { start: 3, end: 4 },
      { start: 0, end: 2 },
      { start: 4, end: 7 },
    ]);
    // PROOF(4, D[7]) = [l], PROOF(6, D[7]) = [i, j, k]
    expect(consistencyProofRanges(4, 7)).toEqual([{ start: 4, end: 7 }]);
    expect(consistencyProofRanges(6, 7)).toEqual([
      { start: 4, end: 6 },
      { start: 6, end: 7 },
      { start: 0, end: 4 },
    ]);
    expect(() => inclusionProofRanges(3, 3)).toThrow(RangeError);
    expect(() => inclusionProofRanges(-1, 3)).toThrow(RangeError);
    expect(() => consistencyProofRanges(0, 3)).toThrow(RangeError);
    expect(() => consistencyProofRanges(4, 3)).toThrow(RangeError);
  });
});

describe('transparency-dev/merkle test vectors', () => {
  const inclusion = Object.entries(inclusionVectors as Record<string, InclusionVector>);
  const consistency = Object.entries(consistencyVectors as Record<string, ConsistencyVector>);

  it('has the vectors (valid and invalid ones)', () => {
    expect(inclusion.length).toBeGreaterThan(90);
    expect(consistency.length).toBeGreaterThan(90);
    expect(inclusion.filter(([, v]) => v.wantErr).length).toBeGreaterThan(80);
  });

  it.each(inclusion)('inclusion %s', (_, v) => {
    const ok = verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash ?? ''), (v.proof ?? []).map(b64), b64(v.root ?? ''));
    expect(ok).toBe(!v.wantErr);
  });

  it.each(consistency)('consistency %s', (_, v) => {
    const ok = verifyConsistency(v.size1, v.size2, b64(v.root1 ?? ''), b64(v.root2 ?? ''), (v.proof ?? []).map(b64));
    expect(ok).toBe(!v.wantErr);
  });

  it('generates exactly the happy-path proofs from the reference leaves', () => {
    const tree = referenceTree();
    const happy = inclusion.filter(([k, v]) => k.endsWith('happy-path.json') && !v.wantErr);
    expect(happy.length).toBeGreaterThanOrEqual(5);
    for (const [, v] of happy) {
      if (v.treeSize > 8 || toHex(b64(v.root)) !== toHex(tree.root(v.treeSize))) continue;
      expect(tree.inclusionProof(v.leafIdx, v.treeSize).map((h) => Buffer.from(h).toString('base64'))).toEqual(v.proof ?? []);
    }
    const happyConsistency = consistency.filter(([k, v]) => k.endsWith('happy-path.json') && !v.wantErr);
    expect(happyConsistency.length).toBeGreaterThanOrEqual(5);
    for (const [, v] of happyConsistency) expect(tree.consistencyProof(v.size1, v.size2).map((h) => Buffer.from(h).toString('base64'))).toEqual(v.proof ?? []);
  });
});

describe('properties (fast-check)', () => {
  // Distinct leaves: with two equal leaves, proving one at the other's index is (rightly) valid.
  const leavesArb = fc.uniqueArray(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 70, selector: (l) => Buffer.from(l).toString('hex') });
  const build = (leaves: Uint8Array[]) => {
    const tree = new MemoryTree();
    for (const l of leaves) tree.append(hashLeaf(l));
    return tree;
  };

  it('the incremental root equals the recursive MTH for every size', () => {
    fc.assert(
      fc.property(leavesArb, (leaves) => {
        const tree = build(leaves);
        for (let n = 0; n <= leaves.length; n++) expect(tree.root(n)).toEqual(mth(leaves.slice(0, n)));
      }),
      { numRuns: 60 },
    );
  });

  it("any leaf's inclusion proof verifies against the root of any tree size above it, and only for that leaf", () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), fc.nat(), (leaves, a, b) => {
        const tree = build(leaves);
        const size = 1 + (b % leaves.length);
        const index = a % size;
        const proof = tree.inclusionProof(index, size);
        const root = tree.root(size);
        expect(verifyInclusion(index, size, hashLeaf(leaves[index]), proof, root)).toBe(true);
        expect(verifyInclusion(index, size, hashLeaf(Uint8Array.of(...leaves[index], 0xff)), proof, root)).toBe(false);
        if (size > 1) expect(verifyInclusion((index + 1) % size, size, hashLeaf(leaves[index]), proof, root)).toBe(false);
        if (proof.length > 0) {
          const tampered = proof.map((h, i) => (i === proof.length - 1 ? Uint8Array.from(h, (x, j) => (j === 0 ? x ^ 1 : x)) : h));
          expect(verifyInclusion(index, size, hashLeaf(leaves[index]), tampered, root)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a consistency proof between any two sizes verifies, and fails once a leaf of the first tree changes', () => {
    fc.assert(
      fc.property(leavesArb, fc.nat(), fc.nat(), fc.nat(), (leaves, a, b, c) => {
        const tree = build(leaves);
        const second = 1 + (a % leaves.length);
        const first = 1 + (b % second);
        const proof = tree.consistencyProof(first, second);
        expect(verifyConsistency(first, second, tree.root(first), tree.root(second), proof)).toBe(true);
        const changed = [...leaves];
        const victim = c % first;
        changed[victim] = Uint8Array.of(...changed[victim], 0x42);
        const forged = build(changed);
        expect(verifyConsistency(first, second, forged.root(first), tree.root(second), proof)).toBe(false);
        if (first < second) expect(verifyConsistency(first, second, forged.root(first), tree.root(second), forged.consistencyProof(first, second))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('a proof generated for one size does not verify for another', () => {
    fc.assert(
      fc.property(
        leavesArb.filter((l) => l.length > 2),
        fc.nat(),
        (leaves, a) => {
          const tree = build(leaves);
          const size = leaves.length;
          const index = a % (size - 1);
          const proof = tree.inclusionProof(index, size);
          expect(rootFromInclusionProof(index, size - 1, hashLeaf(leaves[index]), proof)).not.toEqual(tree.root(size - 1));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('interop: @sigstore/verify (an independent RFC 6962 inclusion verifier)', () => {
  it('accepts our inclusion proofs for every leaf and size, and refuses a changed leaf', () => {
    const leaves = Array.from({ length: 37 }, (_, i) => Buffer.from(`entry ${i}`));
    const tree = new MemoryTree();
    for (const l of leaves) tree.append(hashLeaf(l));
    for (let size = 1; size <= leaves.length; size++)
      for (let index = 0; index < size; index++) {
        const entry = {
          canonicalizedBody: leaves[index],
          inclusionProof: { logIndex: String(index), hashes: tree.inclusionProof(index, size).map((h) => Buffer.from(h)) },
        };
        const checkpoint = { logSize: BigInt(size), logHash: Buffer.from(tree.root(size)) };
        expect(() => verifyMerkleInclusion(entry as never, checkpoint as never)).not.toThrow();
        expect(() => verifyMerkleInclusion({ ...entry, canonicalizedBody: Buffer.from('forged') } as never, checkpoint as never)).toThrow(/root hash/);
      }
  });
});
