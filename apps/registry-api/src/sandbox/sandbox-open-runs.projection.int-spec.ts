import { LOG_START, LogPosition, maxPosition, openEventStore, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { SandboxRunEvent, sandboxRunStreamId } from '@registry/domain';
import { ProjectionRunner } from '@registry/projections';
import { RunKey, SandboxOpenRunsProjection } from './sandbox-open-runs.projection';
import { runOf } from './sandbox.views';

const subject = (runId: string, modelVersion = '2.1') => ({
  runId,
  firmId: 'harbour-lending',
  modelId: 'creditscope',
  modelVersion,
  weightsDigest: `sha256:${'1'.repeat(64)}`,
  suiteId: 'lending',
  suiteVersion: '2026.1',
});
const requested = (runId: string, mode: 'ENDPOINT' | 'UPLOAD', minute: number, modelVersion = '2.1') => ({
  type: 'SandboxRunRequested',
  data: {
    ...subject(runId, modelVersion),
    mode,
    endpoint: mode === 'ENDPOINT' ? 'https://model.example/predict' : null,
    rows: 2000,
    requestedAt: new Date(Date.UTC(2026, 10, 1, 0, minute)).toISOString(),
  },
});

describe('SandboxOpenRunsProjection (what an instance resumes when it starts)', () => {
  let handle: StoreHandle;
  beforeEach(async () => {
    handle = await openEventStore({ kind: 'pglite' });
  });
  afterEach(() => handle.close());

  it('lists endpoint runs requested and neither completed nor failed, oldest first, and a rebuild gives the same', async () => {
    let head: LogPosition = LOG_START;
    const append = async (runId: string, event: { type: string; data: Record<string, unknown> }) => {
      const { version } = await handle.store.readStream(sandboxRunStreamId(runId));
      head = maxPosition(
        head,
        (await handle.store.appendToStream(sandboxRunStreamId(runId), [event], { expectedVersion: version, metadata: metadata() })).position,
      );
    };
    await append('late', requested('late', 'ENDPOINT', 9));
    await append('early', requested('early', 'ENDPOINT', 1));
    await append('upload', requested('upload', 'UPLOAD', 2));
    await append('done', requested('done', 'ENDPOINT', 3));
    await append('failed', requested('failed', 'ENDPOINT', 4));
    await append('done', {
      type: 'SandboxRunCompleted',
      data: { ...subject('done'), passed: true, failedChecks: [], score: {}, completedAt: '2026-11-01T01:00:00.000Z' },
    });
    await append('failed', {
      type: 'SandboxRunFailed',
      data: { ...subject('failed'), reason: 'ENDPOINT_TIMEOUT', message: 'no answer', failedAt: '2026-11-01T01:00:00.000Z' },
    });

    const runner = new ProjectionRunner(handle, [new SandboxOpenRunsProjection()], { batchSize: 3, pollIntervalMs: 20 });
    await runner.start();
    await runner.waitFor(head);
    expect(await SandboxOpenRunsProjection.openRuns(handle.readModels)).toEqual(['early', 'late']);
    await runner.rebuild('sandbox-open-runs');
    await runner.waitFor(head);
    expect(await SandboxOpenRunsProjection.openRuns(handle.readModels)).toEqual(['early', 'late']);
    await runner.stop();
  });

  it('keeps every run as its stream folds (runOf), by model version newest first in log order, and a rebuild gives the same rows', async () => {
    let head: LogPosition = LOG_START;
    const runIds: string[] = [];
    const append = async (runId: string, event: { type: string; data: Record<string, unknown> }) => {
      const { version } = await handle.store.readStream(sandboxRunStreamId(runId));
      if (version === 0) runIds.push(runId);
      head = maxPosition(
        head,
        (await handle.store.appendToStream(sandboxRunStreamId(runId), [event], { expectedVersion: version, metadata: metadata() })).position,
      );
    };
    // Requested in log order a, b, c, d (c's clock earlier than b's: the log's order decides, not requestedAt); e is another version.
    await append('a', requested('a', 'UPLOAD', 5));
    await append('b', requested('b', 'ENDPOINT', 7));
    await append('c', requested('c', 'UPLOAD', 6));
    await append('e', requested('e', 'UPLOAD', 8, '3.0'));
    await append('a', {
      type: 'SandboxRunCompleted',
      data: {
        ...subject('a'),
        passed: false,
        failedChecks: ['ACCURACY(overall)'],
        score: { rows: 2000, checks: [{ value: 0.51 }] },
        completedAt: '2026-11-01T01:00:00.000Z',
      },
    });
    await append('d', requested('d', 'UPLOAD', 9));
    await append('b', {
      type: 'SandboxRunFailed',
      data: { ...subject('b'), reason: 'ENDPOINT_BAD_ANSWER', message: 'row-1 missing', failedAt: '2026-11-01T01:00:00.000Z' },
    });
    await append('c', {
      type: 'SandboxRunCompleted',
      data: { ...subject('c'), passed: true, failedChecks: [], score: { rows: 2000, checks: [{ value: 0.9 }] }, completedAt: '2026-11-01T02:00:00.000Z' },
    });

    const runner = new ProjectionRunner(handle, [new SandboxOpenRunsProjection()], { batchSize: 2, pollIntervalMs: 20 });
    await runner.start();
    const folded = async () =>
      Object.fromEntries(
        await Promise.all(
          runIds.map(async (id) => [
            id,
            runOf((await handle.store.readStream(sandboxRunStreamId(id))).events.map((e) => ({ type: e.type, data: e.data }) as SandboxRunEvent)),
          ]),
        ),
      );
    const ids = async (version: string, limit: number, after?: RunKey) => {
      const page = await SandboxOpenRunsProjection.runsOf(handle.readModels, 'creditscope', version, limit, after);
      return { ids: page.runs.map((r) => r.facts.requested.runId), keys: page.runs.map((r) => r.key), before: page.before, total: page.total };
    };
    const check = async () => {
      await runner.waitFor(head);
      expect(await SandboxOpenRunsProjection.allRuns(handle.readModels)).toEqual(await folded());
      const all = await ids('2.1', 10);
      expect(all).toMatchObject({ ids: ['d', 'c', 'b', 'a'], before: false, total: 4 });
      // After b: the older ones, and runs (d, c, b) sort at or before the cursor.
      expect(await ids('2.1', 10, all.keys[2])).toMatchObject({ ids: ['a'], before: true, total: 4 });
      expect(await ids('2.1', 2)).toMatchObject({ ids: ['d', 'c'] });
      expect(await ids('3.0', 10)).toMatchObject({ ids: ['e'], total: 1 });
      expect(await ids('9.9', 10)).toEqual({ ids: [], keys: [], before: false, total: 0 });
      return all.keys;
    };
    const keys = await check();
    await runner.rebuild('sandbox-open-runs');
    // The same rows and the same keys (log positions) after a rebuild from position 0.
    expect(await check()).toEqual(keys);
    await runner.stop();
  });
});
