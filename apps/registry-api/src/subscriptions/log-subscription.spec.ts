import { EventStore, LogPosition, RecordedEvent } from '@registry/event-store';
import { LogSubscription } from './log-subscription';
import { LogBatch, LogTail } from './log-tail';

const at = (n: number): LogPosition => ({ transactionId: BigInt(n), globalPosition: BigInt(n) });
const event = (n: number) => ({ eventId: `e${n}`, streamId: 's', position: at(n) }) as unknown as RecordedEvent;
const LOG = Array.from({ length: 10 }, (_, i) => event(i + 1));

/** A tail whose batches the test pushes by hand, and a store over LOG that can be made to fail. */
const fixture = (tailHead: number) => {
  let push: (b: LogBatch) => void = () => undefined;
  const tail = { follow: (l: (b: LogBatch) => void) => ((push = l), { from: at(tailHead), stop: () => undefined }) } as unknown as LogTail;
  const reads: number[] = [];
  let failNext = false;
  const store = {
    readAll: async ({ after, limit }: { after: LogPosition; limit: number }) => {
      reads.push(Number(after.globalPosition));
      if (failNext) {
        failNext = false;
        throw Object.assign(new Error('connection lost'), { code: '57P01' });
      }
      return LOG.filter((e) => e.position.globalPosition > after.globalPosition).slice(0, limit);
    },
  } as unknown as EventStore;
  const batch = (from: number, to: number): LogBatch => ({ from: at(from), to: at(to), events: LOG.slice(from, to) });
  return { tail, store, reads, batch, push: (b: LogBatch) => push(b), failOnce: () => (failNext = true) };
};

const take = async (sub: LogSubscription<number>, n: number) => {
  const out: number[] = [];
  while (out.length < n) out.push((await sub.next()).value as number);
  return out;
};

describe('LogSubscription', () => {
  const handler = { onEvents: async (events: readonly RecordedEvent[]) => events.map((e) => Number(e.position.globalPosition)) };

  it("reads the gap between its start and the tail from the store, then takes the tail's batches without repeating", async () => {
    const f = fixture(6);
    const sub = new LogSubscription(f.tail, f.store, handler, { after: at(2), maxQueued: 100 });
    expect(await take(sub, 4)).toEqual([3, 4, 5, 6]);
    f.push(f.batch(4, 8)); // overlaps what was read
    f.push(f.batch(8, 9));
    expect(await take(sub, 3)).toEqual([7, 8, 9]);
    await sub.return();
  });

  it('reads from the store when a batch starts after its cursor (a gap), and retries a failed read', async () => {
    const f = fixture(3);
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const sub = new LogSubscription(f.tail, f.store, handler, { maxQueued: 100 });
      f.failOnce();
      f.push(f.batch(6, 7)); // 4..6 never came as a batch
      await jest.advanceTimersByTimeAsync(300);
      expect(await take(sub, 4)).toEqual([4, 5, 6, 7]);
      expect(f.reads.filter((r) => r === 3).length).toBe(2);
      await sub.return();
    } finally {
      jest.useRealTimers();
    }
  });

  it('ends a subscriber that does not read with CONSUMER_TOO_SLOW after what it was owed', async () => {
    const f = fixture(0);
    const sub = new LogSubscription(f.tail, f.store, handler, { maxQueued: 3 });
    f.push(f.batch(0, 5));
    await new Promise((r) => setImmediate(r));
    expect(await take(sub, 5)).toEqual([1, 2, 3, 4, 5]);
    await expect(sub.next()).rejects.toMatchObject({ extensions: { reason: 'SUBSCRIPTION.CONSUMER_TOO_SLOW', resumeAfter: '5.5' } });
    expect(await sub.next()).toEqual({ value: undefined, done: true });
  });
});
