import { DEFAULT_THRESHOLDS, referenceModel, regenerateTruth, SandboxScore, SuiteParameters } from '@registry/sandbox';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardedPost } from './endpoint-guard';
import { EndpointJob, EndpointRunner, EndpointRunnerOptions, EndpointRunnerPorts } from './endpoint-runner';

const parameters: SuiteParameters = { suite: 'lending', seed: 3, size: 200, baseRate: 0.5, sexBaseRateGap: 0, thresholds: DEFAULT_THRESHOLDS };
const job: EndpointJob = { runId: 'run-1', endpoint: 'http://model.test/predict', parameters, truth: () => regenerateTruth(parameters) };
const options: EndpointRunnerOptions = {
  batchSize: 20,
  concurrency: 3,
  timeoutMs: 50,
  retries: 2,
  retryDelayMs: 1,
  recordAttempts: 4,
  recordDelayMs: 1,
  maxAnswerBytes: 1e6,
};
const fair = referenceModel('lending', 'fair');

/** The model as an HTTP answer to one batch. */
const answer = (body: string) => {
  const { rows } = JSON.parse(body) as { rows: { id: string; features: Record<string, number>; sex: 'F' | 'M' }[] };
  return { status: 200, text: JSON.stringify({ predictions: rows.map((r) => ({ id: r.id, prediction: fair(r) })) }) };
};

const ports = (over: Partial<EndpointRunnerPorts> = {}) => {
  const recorded: { completed?: SandboxScore; failed?: { reason: string; message: string } } = {};
  const p: EndpointRunnerPorts = {
    post: async (_url, body) => answer(body),
    complete: async (_runId, score) => void (recorded.completed = score),
    fail: async (_runId, reason, message) => void (recorded.failed = { reason, message }),
    isFinal: () => false,
    warn: () => undefined,
    ...over,
  };
  return { p, recorded };
};

describe('endpoint runner', () => {
  it('calls the model in batches, never more than `concurrency` at once, and records the score', async () => {
    let inFlight = 0;
    let peak = 0;
    let calls = 0;
    const { p, recorded } = ports({
      post: async (_url, body) => {
        calls++;
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        return answer(body);
      },
    });
    await new EndpointRunner(options, p).start(job);
    expect(calls).toBe(10);
    expect(peak).toBe(3);
    expect(recorded.completed).toMatchObject({ rows: 200 });
    expect(recorded.completed?.counterfactual?.map((c) => c.flipRate)).toEqual([0, 0]);
  });

  it('sends every applicant under all 6 combinations of sex and age band, in an order that differs from run to run', async () => {
    const orders: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const bodies: string[] = [];
      const { p } = ports({ post: async (_url, body) => (bodies.push(body), answer(body)) });
      await new EndpointRunner({ ...options, concurrency: 1 }, p).start(job);
      const rows = bodies.flatMap((b) => (JSON.parse(b) as { rows: { features: object; sex: string; ageBand: string }[] }).rows);
      expect(rows).toHaveLength(200 * 6);
      const combos = new Map<string, string[]>();
      for (const r of rows) combos.set(JSON.stringify(r.features), [...(combos.get(JSON.stringify(r.features)) ?? []), `${r.sex}×${r.ageBand}`]);
      for (const c of combos.values()) expect(c.sort()).toEqual(['F×18-29', 'F×30-49', 'F×50+', 'M×18-29', 'M×30-49', 'M×50+']);
      orders.push(rows.map((r) => `${r.sex}×${r.ageBand}`));
    }
    expect(orders[0]).not.toEqual(orders[1]);
  });

  it('shows progress while it runs, and forgets it once recorded', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { p } = ports({ post: async (_u, body) => (await gate, answer(body)) });
    const runner = new EndpointRunner({ ...options, concurrency: 1 }, p);
    const done = runner.start(job);
    await new Promise((r) => setTimeout(r, 5));
    expect(runner.progress('run-1')).toEqual({ scored: 0, total: 200, retries: 0 });
    release();
    await done;
    expect(runner.progress('run-1')).toBeNull();
  });

  it('retries a 503, a network error and a timeout, then succeeds', async () => {
    const failures: ({ status: number; text: string } | string)[] = [{ status: 503, text: '' }, 'network', 'timeout'];
    const { p, recorded } = ports({
      post: async (_u, body, timeoutMs) => {
        const f = failures.shift();
        if (f === 'network') throw new TypeError('fetch failed');
        if (f === 'timeout') {
          const error = new Error('timed out');
          error.name = 'TimeoutError';
          await new Promise((r) => setTimeout(r, timeoutMs));
          throw error;
        }
        return typeof f === 'object' ? f : answer(body);
      },
    });
    await new EndpointRunner({ ...options, concurrency: 1, retries: 3 }, p).start(job);
    expect(recorded.completed?.rows).toBe(200);
  });

  it('fails the run with a reason when retries run out, or at once on a 4xx or a wrong answer', async () => {
    const timeouts = ports({ post: async () => Promise.reject(Object.assign(new Error('t'), { name: 'TimeoutError' })) });
    await new EndpointRunner(options, timeouts.p).start(job);
    expect(timeouts.recorded.failed).toMatchObject({ reason: 'ENDPOINT_TIMEOUT', message: expect.stringContaining('after 3 attempts') });

    let calls = 0;
    const forbidden = ports({ post: async () => (calls++, { status: 403, text: '' }) });
    await new EndpointRunner({ ...options, concurrency: 1 }, forbidden.p).start(job);
    expect(forbidden.recorded.failed?.reason).toBe('ENDPOINT_HTTP_ERROR');
    expect(calls).toBe(1);

    const partial = ports({
      post: async (_u, body) => ({ status: 200, text: JSON.stringify({ predictions: JSON.parse(answer(body).text).predictions.slice(1) }) }),
    });
    await new EndpointRunner(options, partial.p).start(job);
    expect(partial.recorded.failed?.reason).toBe('ENDPOINT_BAD_ANSWER');
    expect(partial.recorded.completed).toBeUndefined();
  });

  it('survives a database error: records the outcome again until it is written', async () => {
    let attempts = 0;
    const warnings: string[] = [];
    const { p, recorded } = ports({ warn: (message) => void warnings.push(message) });
    const flaky: EndpointRunnerPorts = {
      ...p,
      complete: async (runId, score) => {
        if (++attempts < 3) throw Object.assign(new Error('connection terminated at https://model.example/?key=secret'), { code: '57P01' });
        return p.complete(runId, score);
      },
    };
    await new EndpointRunner(options, flaky).start(job);
    expect(attempts).toBe(3);
    expect(recorded.completed?.rows).toBe(200);
    expect(warnings).toEqual([]);
  });

  it('gives up recording after its attempts with one warning naming the error by code, not by its message', async () => {
    const warnings: string[] = [];
    const { p, recorded } = ports({ warn: (message) => void warnings.push(message) });
    const down: EndpointRunnerPorts = {
      ...p,
      complete: () => Promise.reject(Object.assign(new Error('connection terminated at https://model.example/?key=secret'), { code: '57P01' })),
    };
    await new EndpointRunner(options, down).start(job);
    expect(recorded.completed).toBeUndefined();
    expect(warnings).toEqual([`sandbox run ${job.runId}: outcome not recorded (57P01)`]);
  });

  it('runs one job once even when started twice', async () => {
    let calls = 0;
    const { p } = ports({ post: async (_u, body) => (calls++, answer(body)) });
    const runner = new EndpointRunner(options, p);
    await Promise.all([runner.start(job), runner.start(job)]);
    expect(calls).toBe(10);
  });
  /**
   * The real HTTP port against loopback servers that break the connection while a large batch is still being sent
   * (10,000 applicants a call, ~5 MB): the run fails with the reason the policy gives, and the process survives
   * (in the old code a socket's late `write ECONNRESET` had no listener and killed it).
   */
  describe('over HTTP, against servers that break the connection', () => {
    let server: Server;
    let base: string;
    let calls = 0;
    beforeAll(async () => {
      server = createServer((req, res) => {
        calls++;
        // 404 before reading the body, then a reset: an HTTP error, never retried.
        if (req.url === '/early-404') return void (res.writeHead(404).end(), setTimeout(() => req.socket.resetAndDestroy(), 1));
        // A 200 cut off by a reset: a network error, retried, then ENDPOINT_UNREACHABLE.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
        res.write('{"predictions":[');
        setTimeout(() => req.socket.resetAndDestroy(), 5);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    });

    const big: SuiteParameters = { ...parameters, size: 20_000 };
    const runOver = async (path: string) => {
      calls = 0;
      const { p, recorded } = ports({ post: guardedPost(true) });
      const http = { ...options, batchSize: 10_000, concurrency: 2, timeoutMs: 10_000, retries: 2 };
      await new EndpointRunner(http, p).start({ ...job, endpoint: `${base}${path}`, parameters: big, truth: () => regenerateTruth(big) });
      // Late socket errors arrive after the run settled: give them time to (not) crash the process.
      await new Promise((r) => setTimeout(r, 300));
      return recorded;
    };

    it('an early 404 and a reset: the run fails with ENDPOINT_HTTP_ERROR, at once', async () => {
      const recorded = await runOver('/early-404');
      expect(recorded.failed).toEqual({ reason: 'ENDPOINT_HTTP_ERROR', message: 'the endpoint answered HTTP 404' });
      expect(recorded.completed).toBeUndefined();
      expect(calls).toBeLessThanOrEqual(2);
    });

    it('a reset mid-answer: retried, then the run fails with ENDPOINT_UNREACHABLE', async () => {
      const recorded = await runOver('/reset-mid-answer');
      expect(recorded.failed).toMatchObject({ reason: 'ENDPOINT_UNREACHABLE', message: expect.stringContaining('after 3 attempts') });
      expect(calls).toBeGreaterThanOrEqual(3);
    });
  });
});
