import { SnapshotHeader, snapshotsToDrop } from './verdict-snapshots';

const at = (events: number): SnapshotHeader => ({
  position: { transactionId: BigInt(events), globalPosition: BigInt(events) },
  events,
  format: 1,
  rulesVersion: 1,
});

describe('snapshotsToDrop (retention of persisted verdict snapshots)', () => {
  it('keeps everything while there are at most `keep`', () => {
    expect(snapshotsToDrop([at(10), at(20), at(30)], 3)).toEqual([]);
  });

  it('always keeps the oldest and the newest, and drops the one leaving the smallest gap', () => {
    expect(snapshotsToDrop([at(10), at(20), at(25), at(40)], 3).map((s) => s.events)).toEqual([20]);
    expect(snapshotsToDrop([at(10), at(20), at(30)], 1).map((s) => s.events)).toEqual([20]);
  });

  it('keeps `keep` snapshots spread over the log however long it grows (inner gaps within 4× of each other)', () => {
    let kept: SnapshotHeader[] = [];
    for (let n = 1; n <= 1000; n++) {
      kept.push(at(n * 100));
      const dropped = snapshotsToDrop(kept, 6);
      kept = kept.filter((s) => !dropped.includes(s));
      expect(kept.length).toBeLessThanOrEqual(6);
    }
    expect(kept[0].events).toBe(100);
    expect(kept[kept.length - 1].events).toBe(100_000);
    const gaps = kept.slice(1).map((s, i) => s.events - kept[i].events);
    // The newest sits one interval after its predecessor at most a gap later; the others stay within 4× of each other.
    const inner = gaps.slice(0, -1);
    expect(Math.max(...inner) / Math.min(...inner)).toBeLessThanOrEqual(4);
  });
});
