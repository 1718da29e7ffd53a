import { comparePositions, EventStore, LOG_START, LogPosition, openEventStore, StoreHandle } from '@registry/event-store';
import { ProjectionRunner } from '../projection-runner';
import { statsOf, StreamStatsProjection } from './stream-stats.projection';
import { StoreTarget } from './store-targets';

/**
 * A store on `target` with the checkpoint table made (a runner started and stopped on the empty log), then `write`'s
 * log in it, waited for until all of it is below the server's transaction horizon (another database's open transaction
 * can hide it for a moment), so that every read of a spec sees all of it. The specs drive their runners with catchUp.
 */
export const storeWithLog = async (target: StoreTarget, write: (store: EventStore) => Promise<LogPosition>) => {
  const handle = await openEventStore(target.config);
  const first = new ProjectionRunner(handle, [new StreamStatsProjection()]);
  await first.start();
  await first.stop();
  const written = await write(handle.store);
  while (comparePositions(await handle.store.headPosition(), written) < 0) await new Promise((r) => setTimeout(r, 20));
  return { handle, written };
};

/** A promise and the function that settles it. */
export const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
};

/** StreamStatsProjection's rows computed from the log one event at a time, without a runner. */
export const statsFromLog = async (handle: StoreHandle) => statsOf(await handle.store.readAll({ after: LOG_START, limit: 1000 }));

/** `target` with one method replaced; every other member is the target's own (methods bound to it). */
export const withMethod = <T extends object, K extends keyof T>(target: T, key: K, replacement: T[K]): T =>
  new Proxy(target, {
    get: (t, k) => {
      if (k === key) return replacement;
      const value: unknown = Reflect.get(t, k, t);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(t) : value;
    },
  });

/** Collects the unhandled rejections while `run` runs (and one turn after it). */
export const unhandledRejections = async (run: () => Promise<void>): Promise<unknown[]> => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await run();
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  return unhandled;
};
