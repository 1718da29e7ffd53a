import { ReadinessReadModel } from '../../apps/registry-api/src/verdicts/readiness.read-model';
import { withdrawDemoEquivalenceHk02EuArt50 } from './support/fixtures';
import { errorCodes, RunningRegistry } from './support/registry';

const LIST = `query($j: String!, $u: String!, $s: ReadinessStatus) {
  exportReadyModels(jurisdiction: $j, useCase: $u, status: $s) { totalCount edges { node { modelId version } } } }`;

/**
 * A real database error in the readiness updates (the guard table renamed away, so every recompute
 * transaction fails), while the log and the rest of the app keep working.
 */
describe('exportReadyModels through a database failure (embedded store, demo catalog)', () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
  });
  afterAll(() => registry.stop());

  const list = (j: string, u: string, s?: string) => registry.gql(LIST, { j, u, s });
  const ids = (r: { data?: any }) =>
    r.data.exportReadyModels.edges.map((e: { node: { modelId: string; version: string } }) => `${e.node.modelId}@${e.node.version}`);
  const eventually = async (condition: () => boolean, what: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('answers a clear error while the rows cannot be updated, and lists the change made meanwhile once the database is back', async () => {
    const readiness = registry.app.get(ReadinessReadModel);
    expect(ids(await list('EU', 'chatbot'))).toEqual(['pearl-chat@1.0']);

    await registry.db.query('ALTER TABLE rm_export_readiness_v1_guard RENAME TO rm_export_readiness_v1_guard_away');
    await withdrawDemoEquivalenceHk02EuArt50(registry);

    const during = await list('EU', 'chatbot');
    expect(errorCodes(during)).toEqual(['INTERNAL_SERVER_ERROR/READINESS.UNAVAILABLE']);
    expect(during.errors![0].message).toMatch(/try again/);
    expect(readiness.health()).toMatchObject({ lastError: { code: '42P01' } });
    expect(readiness.health().consecutiveFailures).toBeGreaterThan(0);
    expect(readiness.health().pendingCount).toBeGreaterThan(0);

    // Back, with no request or event to wake the read model: its retry timer brings the rows up to date.
    await registry.db.query('ALTER TABLE rm_export_readiness_v1_guard_away RENAME TO rm_export_readiness_v1_guard');
    await eventually(() => readiness.health().consecutiveFailures === 0, 'the read model recovers by itself');
    expect(readiness.health()).toMatchObject({ lastError: null, pendingCount: 0 });
    const { rows } = await registry.db.query<{ status: string }>(
      `SELECT status FROM rm_export_readiness_v1 WHERE jurisdiction = 'EU' AND use_case = 'chatbot'`,
    );
    expect(rows.map((r) => r.status)).toEqual(['NOT_READY']);

    expect(ids(await list('EU', 'chatbot'))).toEqual([]);
    expect(ids(await list('EU', 'chatbot', 'NOT_READY'))).toEqual(['pearl-chat@1.0']);
  });
});
