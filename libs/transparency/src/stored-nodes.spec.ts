import { createHash } from 'node:crypto';
import { consistencyProofRanges, hashLeaf, inclusionProofRanges, NodeId, nodeKey, nodesFor, proofHashes, rootNodes, hashRange } from './merkle';
import { MemoryTree } from './memory-tree';
import { appendToFrontier, EMPTY_FRONTIER, Frontier, isStoredLevel, nodesFromStored, storedCover, storedNodesFor, STORED_LEVEL_STRIDE } from './stored-nodes';

const leaf = (i: number) => hashLeaf(createHash('sha256').update(String(i)).digest());
const hex = (h: Uint8Array) => Buffer.from(h).toString('hex');

/** A tree of n leaves and a store holding only its stored levels (what the database keeps). */
const build = (n: number) => {
  const tree = new MemoryTree();
  const stored = new Map<string, Uint8Array>();
  for (let i = 0; i < n; i++) for (const c of tree.append(leaf(i))) if (isStoredLevel(c.id.level)) stored.set(nodeKey(c.id), c.hash);
  const read = (id: NodeId) => {
    const h = stored.get(nodeKey(id));
    if (!h) throw new Error(`not stored: ${nodeKey(id)}`);
    return h;
  };
  return { tree, stored, read };
};

describe('stored levels (leaf hashes and every 4th level)', () => {
  it('stores levels 0, 4, 8, … (the tlog-tiles levels 0, 8, 16, … among them) and covers any other level by at most 8 nodes one band below', () => {
    expect(STORED_LEVEL_STRIDE).toBe(4);
    expect(8 % STORED_LEVEL_STRIDE).toBe(0); // every tile level is stored
    expect([0, 1, 3, 4, 7, 8, 9, 16].map(isStoredLevel)).toEqual([true, false, false, true, false, true, false, true]);
    expect(storedCover({ level: 8, index: 3 })).toEqual({ level: 8, from: 3, to: 4 });
    expect(storedCover({ level: 3, index: 2 })).toEqual({ level: 0, from: 16, to: 24 });
    expect(storedCover({ level: 15, index: 1 })).toEqual({ level: 12, from: 8, to: 16 });
    expect(storedCover({ level: 6, index: 0 })).toEqual({ level: 4, from: 0, to: 4 });
    expect(
      storedNodesFor([
        { level: 1, index: 0 },
        { level: 0, index: 1 },
        { level: 9, index: 0 },
      ]),
    ).toEqual([
      { level: 0, index: 0 },
      { level: 0, index: 1 },
      { level: 8, index: 0 },
      { level: 8, index: 1 },
    ]);
  });

  it('about one stored row per leaf: 1000 leaves store 1000 leaf hashes, 62 level-4 and 3 level-8 nodes', () => {
    const { stored } = build(1000);
    expect(stored.size).toBe(1000 + 62 + 3);
  });

  it('every root, inclusion and consistency proof computed from the stored levels equals the full tree’s', () => {
    const n = 700; // level-8 nodes over 0…255, 256…511; level-4 nodes up to 695; a partial third tile
    const { tree, read } = build(n);
    const node = nodesFromStored(read);
    for (const size of [1, 2, 3, 7, 8, 255, 256, 257, 511, 512, 513, 600, 700])
      expect(hex(hashRange({ start: 0, end: size }, node))).toBe(hex(tree.root(size)));
    for (const [m, size] of [
      [0, 1],
      [5, 6],
      [255, 256],
      [256, 700],
      [699, 700],
      [300, 513],
      [17, 512],
    ]) {
      expect(proofHashes(inclusionProofRanges(m, size), node).map(hex)).toEqual(tree.inclusionProof(m, size).map(hex));
      // only the stored nodes the proof's nodes need are read
      const wanted = new Set(storedNodesFor(nodesFor(inclusionProofRanges(m, size))).map(nodeKey));
      const strict = nodesFromStored((id) => {
        if (!wanted.has(nodeKey(id))) throw new Error(`read ${nodeKey(id)} that storedNodesFor did not ask for`);
        return read(id);
      });
      expect(proofHashes(inclusionProofRanges(m, size), strict).map(hex)).toEqual(tree.inclusionProof(m, size).map(hex));
    }
    for (const [a, b] of [
      [1, 700],
      [255, 256],
      [256, 257],
      [300, 700],
      [511, 513],
      [7, 8],
    ])
      expect(proofHashes(consistencyProofRanges(a, b), node).map(hex)).toEqual(tree.consistencyProof(a, b).map(hex));
    expect(() => node({ level: 8, index: 2 })).toThrow('not stored');
  });

  it('appendToFrontier in batches gives the same nodes, in order, as appending one leaf at a time', () => {
    const reference = new MemoryTree();
    const expected = Array.from({ length: 600 }, (_, i) => reference.append(leaf(i))).flat();
    let frontier: Frontier = EMPTY_FRONTIER;
    const created: { id: NodeId; hash: Uint8Array }[] = [];
    for (const [from, to] of [
      [0, 1],
      [1, 3],
      [3, 255],
      [255, 256],
      [256, 599],
      [599, 600],
    ]) {
      const r = appendToFrontier(
        frontier,
        Array.from({ length: to - from }, (_, k) => leaf(from + k)),
      );
      frontier = r.frontier;
      created.push(...r.created);
      expect(frontier.nodes.map((x) => x.id)).toEqual(rootNodes(to));
      expect(hex(hashRange({ start: 0, end: to }, (id) => frontier.nodes.find((x) => nodeKey(x.id) === nodeKey(id))!.hash))).toBe(hex(reference.root(to)));
    }
    expect(created.map((c) => `${nodeKey(c.id)}=${hex(c.hash)}`)).toEqual(expected.map((c) => `${nodeKey(c.id)}=${hex(c.hash)}`));
  });
});
