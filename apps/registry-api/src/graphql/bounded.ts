/**
 * Maps with at most `limit` calls in flight, results in input order. A per-request batch of 100 reads would
 * otherwise queue 100 queries at once: PGlite runs them one by one and a pool of 10 has only 10 connections,
 * so every other client's query would wait behind the whole batch instead of behind a few of its reads.
 */
export const mapBounded = async <T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> => {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};
