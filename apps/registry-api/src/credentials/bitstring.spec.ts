import { BitstringStatusList, decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { encodeStatusList } from './bitstring';
import { STATUS_LIST_LENGTH } from './status-list.projection';

/** Our encoder against Digital Bazaar's decoder and encoder (independent implementations of the same spec). */
describe('encodeStatusList', () => {
  const setOf = async (encodedList: string) => {
    const list = await decodeList({ encodedList });
    const set: number[] = [];
    for (let i = 0; i < list.length; i++) if (list.getStatus(i)) set.push(i);
    return { length: list.length, set };
  };

  it('puts index 0 at the left-most bit and every index where Digital Bazaar reads it', async () => {
    const indexes = [0, 1, 7, 8, 9, 1000, 94_567, STATUS_LIST_LENGTH - 1];
    expect(await setOf(encodeStatusList(indexes))).toEqual({ length: STATUS_LIST_LENGTH, set: indexes });
    expect(await setOf(encodeStatusList([]))).toEqual({ length: STATUS_LIST_LENGTH, set: [] });
  });

  it("decodes to the same bits as Digital Bazaar's own encoding", async () => {
    const theirs = new BitstringStatusList({ length: STATUS_LIST_LENGTH });
    for (const i of [3, 42, 131_000]) theirs.setStatus(i, true);
    expect(await setOf(await theirs.encode())).toEqual(await setOf(encodeStatusList([3, 42, 131_000])));
  });

  it('is a Multibase base64url (no padding) string of a GZIP stream, and refuses lists below the minimum or indexes outside', () => {
    const encoded = encodeStatusList([5]);
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    expect(Buffer.from(encoded.slice(1), 'base64url').subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(() => encodeStatusList([], 1024)).toThrow(RangeError);
    expect(() => encodeStatusList([STATUS_LIST_LENGTH])).toThrow(RangeError);
    expect(() => encodeStatusList([-1])).toThrow(RangeError);
  });
});
