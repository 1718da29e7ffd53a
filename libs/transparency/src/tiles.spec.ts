import {
  decodeEntryBundle,
  decodeHashTile,
  encodeEntryBundle,
  encodeHashTile,
  encodeTileIndex,
  parseTilePath,
  tilePath,
  tilesOfTree,
  treeHasTile,
  TilePathError,
} from './tiles';

/** The examples are the C2SP tlog-tiles specification's own (https://c2sp.org/tlog-tiles). */
describe('C2SP tlog-tiles', () => {
  it('writes and reads the tile index as the spec does: 1234067 is x001/x234/067', () => {
    expect(encodeTileIndex(1234067)).toBe('x001/x234/067');
    expect(parseTilePath('0/x001/x234/067')).toEqual({ level: 0, index: 1234067, width: 256 });
    expect(encodeTileIndex(0)).toBe('000');
    expect(encodeTileIndex(999)).toBe('999');
    expect(encodeTileIndex(1000)).toBe('x001/000');
    for (const index of [0, 1, 255, 999, 1000, 1234067, 2 ** 40])
      expect(parseTilePath(tilePath({ level: 3, index, width: 256 }).slice('tile/'.length)).index).toBe(index);
  });

  it('names partial tiles with .p/<W> and entry bundles under tile/entries', () => {
    expect(tilePath({ level: 0, index: 273, width: 112 })).toBe('tile/0/273.p/112');
    expect(tilePath({ level: 1, index: 0, width: 256 })).toBe('tile/1/000');
    expect(tilePath({ level: 'entries', index: 1234067, width: 5 })).toBe('tile/entries/x001/x234/067.p/5');
    expect(parseTilePath('entries/x001/x234/067.p/5')).toEqual({ level: 'entries', index: 1234067, width: 5 });
    expect(parseTilePath('2/000.p/1')).toEqual({ level: 2, index: 0, width: 1 });
  });

  it.each([
    ['00/000', /level/],
    ['64/000', /level/],
    ['-1/000', /level/],
    ['hashes/000', /level/],
    ['0/01', /three digits/],
    ['0/0001', /three digits/],
    ['0/001/002', /x \+ three digits/],
    ['0/x000/001', /canonical/],
    ['0/x001', /three digits/],
    ['0/000.p/0', /width/],
    ['0/000.p/256', /width/],
    ['0/000.p/007', /width/],
    ['0/000.p/', /width/],
    ['0', /no tile index/],
    ['entries/', /three digits/],
  ])('refuses the non-canonical or malformed path %s', (path, reason) => {
    expect(() => parseTilePath(path)).toThrow(TilePathError);
    expect(() => parseTilePath(path)).toThrow(reason);
  });

  it('a tree of size 70,000 has 273 full level 0 tiles, one partial of width 112, one full level 1 tile, a partial of width 17, and a partial level 2 tile of width 1', () => {
    const tiles = tilesOfTree(70_000).filter((t) => t.level !== 'entries');
    const at = (level: number) => tiles.filter((t) => t.level === level);
    expect(at(0).filter((t) => t.width === 256)).toHaveLength(273);
    expect(at(0).filter((t) => t.width < 256)).toEqual([{ level: 0, index: 273, width: 112 }]);
    expect(at(1)).toEqual([
      { level: 1, index: 0, width: 256 },
      { level: 1, index: 1, width: 17 },
    ]);
    expect(at(2)).toEqual([{ level: 2, index: 0, width: 1 }]);
    expect(tiles).toHaveLength(273 + 1 + 2 + 1);
    const bundles = tilesOfTree(70_000).filter((t) => t.level === 'entries');
    expect(bundles).toHaveLength(274);
    expect(bundles[273]).toEqual({ level: 'entries', index: 273, width: 112 });
  });

  it('a tree of size 256 has a full level 0 tile and a partial level 1 tile of width 1', () => {
    expect(tilesOfTree(256).filter((t) => t.level !== 'entries')).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 1, index: 0, width: 1 },
    ]);
    expect(tilesOfTree(0)).toEqual([]);
  });

  it('knows which tiles a tree of a given size can answer', () => {
    expect(treeHasTile(70_000, { level: 0, index: 273, width: 112 })).toBe(true);
    expect(treeHasTile(70_000, { level: 0, index: 273, width: 113 })).toBe(false);
    expect(treeHasTile(70_000, { level: 0, index: 273, width: 256 })).toBe(false);
    expect(treeHasTile(70_000, { level: 0, index: 10, width: 100 })).toBe(true); // a partial tile of an earlier size
    expect(treeHasTile(70_000, { level: 1, index: 1, width: 17 })).toBe(true);
    expect(treeHasTile(70_000, { level: 2, index: 0, width: 2 })).toBe(false);
    expect(treeHasTile(70_000, { level: 3, index: 0, width: 1 })).toBe(false);
    expect(treeHasTile(70_000, { level: 'entries', index: 273, width: 112 })).toBe(true);
  });

  it('encodes hash tiles as concatenated hashes and entry bundles as uint16-length-prefixed entries', () => {
    const hashes = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)];
    expect(encodeHashTile(hashes)).toHaveLength(64);
    expect(decodeHashTile(encodeHashTile(hashes))).toEqual(hashes);
    const entries = [new TextEncoder().encode('{"a":1}'), new Uint8Array(0), new Uint8Array(300).fill(9)];
    const bundle = encodeEntryBundle(entries);
    expect([...bundle.slice(0, 2)]).toEqual([0, 7]);
    expect([...bundle.slice(9, 11)]).toEqual([0, 0]);
    expect([...bundle.slice(11, 13)]).toEqual([1, 44]); // 300 = 0x012c
    expect(decodeEntryBundle(bundle)).toEqual(entries);
    expect(() => encodeEntryBundle([new Uint8Array(65_536)])).toThrow(RangeError);
    expect(() => decodeEntryBundle(bundle.slice(0, 5))).toThrow(TilePathError);
  });
});
