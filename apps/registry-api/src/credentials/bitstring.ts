import { gzipSync } from 'node:zlib';
import { STATUS_LIST_LENGTH } from './status-list.projection';

/**
 * Bitstring Status List `encodedList`: the bitstring (index 0 = the left-most, most significant bit of the
 * first byte), GZIP-compressed (RFC 1952), base64url without padding, with the Multibase prefix `u` the
 * Recommendation requires.
 */
export const encodeStatusList = (setIndexes: readonly number[], length = STATUS_LIST_LENGTH): string => {
  if (length < STATUS_LIST_LENGTH || length % 8 !== 0) throw new RangeError(`a status list holds at least ${STATUS_LIST_LENGTH} entries, in whole bytes`);
  const bits = new Uint8Array(length / 8);
  for (const i of setIndexes) {
    if (!Number.isInteger(i) || i < 0 || i >= length) throw new RangeError(`status index ${i} outside 0..${length - 1}`);
    bits[i >> 3] |= 0x80 >> (i & 7);
  }
  // mtime 0 (node's default) keeps the encoding a function of the bits alone.
  return `u${gzipSync(bits).toString('base64url')}`;
};
