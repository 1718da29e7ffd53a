import { withdrawDemoEquivalenceHk02EuArt50 } from './support/fixtures';
import { errorCodes, RunningRegistry } from './support/registry';

const LIST = `query($j: String!, $u: String!, $s: ReadinessStatus, $first: Int, $after: String) {
  exportReadyModels(jurisdiction: $j, useCase: $u, status: $s, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { modelId version jurisdiction useCase status validUntil computedAt } } } }`;

describe('exportReadyModels over HTTP (embedded store, demo catalog)', () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
  });
  afterAll(() => registry.stop());

  const list = async (j: string, u: string, s?: string, first?: number, after?: string) =>
    (await registry.gql(LIST, { j, u, s, first, after })).data.exportReadyModels;
  const ids = (page: { edges: { node: { modelId: string; version: string } }[] }) => page.edges.map((e) => `${e.node.modelId}@${e.node.version}`);

  it('lists the model versions ready for a jurisdiction and use case, anonymously', async () => {
    const ready = await list('EU', 'chatbot');
    expect(ids(ready)).toEqual(['pearl-chat@1.0']);
    expect(ready.totalCount).toBe(1);
    expect(ready.edges[0].node).toMatchObject({ jurisdiction: 'EU', useCase: 'chatbot', status: 'READY', validUntil: '2027-12-02T00:00:00.000Z' });
    expect(ready.edges[0].node.computedAt).toMatch(/^\d+\.\d+$/);
  });

  it('lists by status, and only for use cases the model version is certified for', async () => {
    expect(ids(await list('SG', 'chatbot', 'NOT_READY'))).toEqual(['pearl-chat@1.0']);
    expect(ids(await list('SG', 'chatbot', 'READY'))).toEqual([]);
    expect(ids(await list('EU', 'lending'))).toEqual(['creditscope@2.1']); // no EU lending rule applies before Dec 2027
    expect(ids(await list('EU', 'hiring'))).toEqual([]);
  });

  it('lists Hong Kong too, judged on the HK-AI Standard itself, in agreement with exportReadiness', async () => {
    for (const [useCase, model] of [
      ['lending', 'creditscope@2.1'],
      ['chatbot', 'pearl-chat@1.0'],
    ]) {
      const [modelId, version] = model.split('@');
      const verdict = await registry.gql(`query($i: ExportReadinessInput!) { exportReadiness(input: $i) { status } }`, {
        i: { modelId, version, jurisdiction: 'HK', useCase },
      });
      const status = verdict.data.exportReadiness.status;
      expect(ids(await list('HK', useCase, status))).toEqual([model]);
    }
  });

  it('agrees with exportReadiness for the same model version', async () => {
    const row = (await list('SG', 'chatbot', 'NOT_READY')).edges[0].node;
    const verdict = await registry.gql(`query($i: ExportReadinessInput!) { exportReadiness(input: $i) { status } }`, {
      i: { modelId: row.modelId, version: row.version, jurisdiction: 'SG', useCase: 'chatbot', knownAt: row.computedAt },
    });
    expect(verdict.data.exportReadiness.status).toBe(row.status);
  });

  it('drops a model from the list as soon as the regulator withdraws the equivalence it relied on', async () => {
    await withdrawDemoEquivalenceHk02EuArt50(registry);
    expect(ids(await list('EU', 'chatbot'))).toEqual([]);
    expect(ids(await list('EU', 'chatbot', 'NOT_READY'))).toEqual(['pearl-chat@1.0']);
  });

  it('pages with cursors', async () => {
    const first = await list('SG', 'chatbot', 'NOT_READY', 1);
    expect(first.pageInfo).toEqual({ hasNextPage: false, endCursor: first.edges[0].cursor });
  });

  it.each([
    [{ j: 'eu', u: 'chatbot' }, 'BAD_USER_INPUT/INPUT.INVALID'],
    [{ j: 'EU', u: 'Chat Bot' }, 'BAD_USER_INPUT/INPUT.INVALID'],
    [{ j: 'EU', u: 'chatbot', first: 0 }, 'BAD_USER_INPUT/INPUT.INVALID_PAGE_SIZE'],
    [{ j: 'EU', u: 'chatbot', after: 'bm9wZQ' }, 'BAD_USER_INPUT/INPUT.INVALID_CURSOR'],
  ])('refuses %o', async (vars, code) => {
    expect(errorCodes(await registry.gql(LIST, vars))).toEqual([code]);
  });

  it('refuses an unknown status before any resolver runs', async () => {
    const r = await registry.gql(LIST, { j: 'EU', u: 'chatbot', s: 'MAYBE' });
    expect(r.errors!.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
  });
});
