import { LOG_START, LogPosition, maxPosition, openEventStore, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { sandboxRunStreamId } from '@registry/domain';
import { ProjectionRunner } from '@registry/projections';
import { SandboxOpenRunsProjection } from './sandbox-open-runs.projection';

const subject = (runId: string) => ({
  runId,
  firmId: 'harbour-lending',
  modelId: 'creditscope',
  modelVersion: '2.1',
  weightsDigest: `sha256:${'1'.repeat(64)}`,
  suiteId: 'lending',
  suiteVersion: '2026.1',
});
const requested = (runId: string, mode: 'ENDPOINT' | 'UPLOAD', minute: number) => ({
  type: 'SandboxRunRequested',
  data: {
    ...subject(runId),
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
});
