/**
 * C2SP tlog-tiles (https://c2sp.org/tlog-tiles): the Merkle tree served as static "tiles", each the hashes of up
 * to 256 consecutive complete subtrees at one height, and the entries as "entry bundles". Pure: path encoding,
 * which tiles a tree size has, and the byte formats; the service reads the hashes from the stored tree.
 *
 * - `tile/<L>/<N>[.p/<W>]`: level L (0..63) holds MTH(D[(N·256 + i)·256^L : (N·256 + i + 1)·256^L]) for i < W,
 *   i.e. our stored nodes at tree level 8·L, indexes N·256 … N·256 + W − 1; a full tile has W = 256 (8,192 bytes).
 * - `tile/entries/<N>[.p/<W>]`: entries N·256 … N·256 + W − 1, each as a big-endian uint16 length and its bytes.
 * - `<N>` is written in zero-padded 3-digit path elements, all but the last prefixed with `x`
 *   (1234067 → `x001/x234/067`); `<W>` is 1..255, only for partial tiles.
 */
import { Hash, HASH_SIZE } from './merkle';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;
export const MAX_TILE_LEVEL = 63;

/** A tile of hashes (`level` ≥ 0) or an entry bundle (`level` = 'entries'); `width` 256 for a full one. */
export interface TileId {
  readonly level: number | 'entries';
  readonly index: number;
  readonly width: number;
}

export class TilePathError extends Error {
  override readonly name = 'TilePathError';
}

/** `<N>` as tlog-tiles writes it: 3-digit groups, all but the last prefixed with `x`. */
export const encodeTileIndex = (index: number): string => {
  if (!Number.isSafeInteger(index) || index < 0) throw new TilePathError(`a tile index is a non-negative integer, not ${index}`);
  const groups: string[] = [];
  let n = index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
};

/** The path of a tile below the log's prefix, e.g. `tile/0/x001/x234/067.p/12` or `tile/entries/000`. */
export const tilePath = (tile: TileId): string => {
  if (tile.level !== 'entries' && (!Number.isInteger(tile.level) || tile.level < 0 || tile.level > MAX_TILE_LEVEL))
    throw new TilePathError(`a tile level is 0..${MAX_TILE_LEVEL}`);
  if (!Number.isInteger(tile.width) || tile.width < 1 || tile.width > TILE_WIDTH) throw new TilePathError(`a tile width is 1..${TILE_WIDTH}`);
  return `tile/${tile.level}/${encodeTileIndex(tile.index)}${tile.width < TILE_WIDTH ? `.p/${tile.width}` : ''}`;
};

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/**
 * Parses the part of a tile URL after `tile/` (`<L>/<N>[.p/<W>]` or `entries/<N>[.p/<W>]`). Only the canonical
 * spelling is accepted (no leading `x000/` group, no leading zeros in L or W), so one tile has one URL.
 */
export const parseTilePath = (path: string): TileId => {
  const parts = path.split('/');
  const levelText = parts.shift() ?? '';
  let level: number | 'entries';
  if (levelText === 'entries') level = 'entries';
  else if (DECIMAL.test(levelText) && Number(levelText) <= MAX_TILE_LEVEL) level = Number(levelText);
  else throw new TilePathError(`tile level "${levelText}" is not 0..${MAX_TILE_LEVEL} or "entries"`);
  let width = TILE_WIDTH;
  if (parts.length >= 2 && parts[parts.length - 2].endsWith('.p')) {
    const w = parts.pop()!;
    if (!DECIMAL.test(w) || Number(w) < 1 || Number(w) >= TILE_WIDTH) throw new TilePathError(`partial tile width "${w}" is not 1..255`);
    width = Number(w);
    parts[parts.length - 1] = parts[parts.length - 1].slice(0, -2);
  }
  if (!parts.length) throw new TilePathError('no tile index');
  let index = 0;
  parts.forEach((group, i) => {
    const last = i === parts.length - 1;
    const digits = last ? group : group.startsWith('x') ? group.slice(1) : null;
    if (digits === null || !/^[0-9]{3}$/.test(digits)) throw new TilePathError(`tile index element "${group}" is not ${last ? '' : 'x + '}three digits`);
    index = index * 1000 + Number(digits);
  });
  if (!Number.isSafeInteger(index)) throw new TilePathError('tile index too large');
  if (encodeTileIndex(index) !== parts.join('/')) throw new TilePathError(`tile index is not written canonically (${encodeTileIndex(index)})`);
  return { level, index, width };
};

/** Number of hashes at tile level `level` for a tree of `size` leaves: floor(size / 256^level). */
export const hashesAtTileLevel = (size: number, level: number): number => Math.floor(size / TILE_WIDTH ** level);

/**
 * Whether a tree of `size` leaves has this tile: all its `width` hashes (or entries) exist. A partial tile of a
 * smaller tree stays valid (its hashes never change), so one whose full tile exists now is still answered.
 */
export const treeHasTile = (size: number, tile: TileId): boolean =>
  tile.index * TILE_WIDTH + tile.width <= hashesAtTileLevel(size, tile.level === 'entries' ? 0 : tile.level);

/** Every tile (and entry bundle) of a tree of `size` leaves: the full ones, then the partial one per level. */
export const tilesOfTree = (size: number): TileId[] => {
  const tiles: TileId[] = [];
  for (let level = 0; hashesAtTileLevel(size, level) > 0; level++) {
    const count = hashesAtTileLevel(size, level);
    for (let index = 0; index < Math.floor(count / TILE_WIDTH); index++) tiles.push({ level, index, width: TILE_WIDTH });
    if (count % TILE_WIDTH) tiles.push({ level, index: Math.floor(count / TILE_WIDTH), width: count % TILE_WIDTH });
  }
  const entries = size;
  for (let index = 0; index < Math.floor(entries / TILE_WIDTH); index++) tiles.push({ level: 'entries', index, width: TILE_WIDTH });
  if (entries % TILE_WIDTH) tiles.push({ level: 'entries', index: Math.floor(entries / TILE_WIDTH), width: entries % TILE_WIDTH });
  return tiles;
};

/** A hash tile's bytes: the hashes concatenated. */
export const encodeHashTile = (hashes: readonly Hash[]): Uint8Array => {
  const out = new Uint8Array(hashes.length * HASH_SIZE);
  hashes.forEach((h, i) => {
    if (h.length !== HASH_SIZE) throw new TypeError('a tile holds 32-byte hashes');
    out.set(h, i * HASH_SIZE);
  });
  return out;
};

export const decodeHashTile = (bytes: Uint8Array): Hash[] => {
  if (bytes.length % HASH_SIZE) throw new TilePathError('a hash tile is a whole number of 32-byte hashes');
  return Array.from({ length: bytes.length / HASH_SIZE }, (_, i) => bytes.slice(i * HASH_SIZE, (i + 1) * HASH_SIZE));
};

export const MAX_BUNDLED_ENTRY = 0xffff;

/** An entry bundle: each entry as a big-endian uint16 length and its bytes. Throws for an entry over 65,535 bytes. */
export const encodeEntryBundle = (entries: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(entries.reduce((n, e) => n + 2 + e.length, 0));
  let at = 0;
  for (const e of entries) {
    if (e.length > MAX_BUNDLED_ENTRY) throw new RangeError(`an entry of ${e.length} bytes does not fit a tlog-tiles entry bundle (uint16 length)`);
    out[at] = e.length >> 8;
    out[at + 1] = e.length & 0xff;
    out.set(e, at + 2);
    at += 2 + e.length;
  }
  return out;
};

export const decodeEntryBundle = (bytes: Uint8Array): Uint8Array[] => {
  const entries: Uint8Array[] = [];
  for (let at = 0; at < bytes.length;) {
    if (at + 2 > bytes.length) throw new TilePathError('entry bundle truncated in a length prefix');
    const length = (bytes[at] << 8) | bytes[at + 1];
    if (at + 2 + length > bytes.length) throw new TilePathError('entry bundle truncated in an entry');
    entries.push(bytes.slice(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return entries;
};
