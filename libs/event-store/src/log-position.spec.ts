import { comparePositions, formatPosition, LOG_START, maxPosition, parsePosition } from './log-position';

describe('log positions', () => {
  it('orders by transaction id first, then global position (not by global position alone)', () => {
    const olderTxLaterSeq = { transactionId: 100n, globalPosition: 11n };
    const newerTxEarlierSeq = { transactionId: 101n, globalPosition: 10n };
    expect(comparePositions(olderTxLaterSeq, newerTxEarlierSeq)).toBe(-1);
    expect(comparePositions(newerTxEarlierSeq, olderTxLaterSeq)).toBe(1);
    expect(comparePositions(olderTxLaterSeq, { ...olderTxLaterSeq })).toBe(0);
    expect(maxPosition(LOG_START, olderTxLaterSeq)).toBe(olderTxLaterSeq);
  });

  it('round-trips its text form, beyond 2^53', () => {
    const p = { transactionId: 18446744073709551615n, globalPosition: 9223372036854775807n };
    expect(parsePosition(formatPosition(p))).toEqual(p);
    expect(formatPosition({ transactionId: 7431n, globalPosition: 1052n })).toBe('7431.1052');
  });

  it.each(['', '12', '1.2.3', '-1.2', 'a.b', '1.', '.1', ' 1.2', '123456789012345678901.1'])('rejects %p', (text) => {
    expect(parsePosition(text)).toBeUndefined();
  });
});
