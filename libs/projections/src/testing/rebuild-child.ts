/**
 * Child process for the crash test: opens the store named on the command line, rebuilds the stream-stats
 * read model slowly and prints one line per committed batch, so the parent can kill it mid-rebuild.
 *   tsx rebuild-child.ts pglite <dataDir> | postgres <url>
 */
import { openEventStore } from '@registry/event-store';
import { ProjectionRunner } from '../projection-runner';
import { StreamStatsProjection } from './stream-stats.projection';

void (async () => {
  const [kind, where] = process.argv.slice(2);
  const store = await openEventStore(kind === 'pglite' ? { kind: 'pglite', dataDir: where } : { kind: 'postgres', url: where });
  const runner = new ProjectionRunner(store, [new StreamStatsProjection(1, 5)], {
    batchSize: 10,
    onBatch: (_, __, applied) => process.stdout.write(`batch ${applied}\n`),
  });
  await runner.start();
  await runner.rebuild('stream-stats');
  await runner.catchUp();
  process.stdout.write('rebuilt\n');
  await runner.stop();
  await store.close();
})();
