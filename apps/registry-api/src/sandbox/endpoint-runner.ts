import {
  Applicant,
  buildEndpointBatch,
  EndpointAnswerError,
  EndpointBatch,
  generateApplicants,
  PredictionScorer,
  readEndpointAnswer,
  SandboxScore,
  scoreEndpointBatch,
  SuiteParameters,
  Truth,
} from '@registry/sandbox';

/** How the sandbox calls a firm's model. Defaults in `endpointRunnerOptions`; each can be set by environment. */
export interface EndpointRunnerOptions {
  /** Applicants per call (each is asked 6 times, once per sex × age band combination, shuffled with the others). */
  readonly batchSize: number;
  /** Calls in flight at once, per run. */
  readonly concurrency: number;
  /** One call's time limit (ms), answer included. */
  readonly timeoutMs: number;
  /** Further attempts of a call after a timeout, a network error, a 429 or a 5xx. */
  readonly retries: number;
  /** Pause before the first retry (ms); doubles after each. */
  readonly retryDelayMs: number;
  /** Attempts to record the outcome when the database fails (the scored run is kept in memory meanwhile). */
  readonly recordAttempts: number;
  readonly recordDelayMs: number;
  /** An answer larger than this is refused. */
  readonly maxAnswerBytes: number;
}

const int = (value: string | undefined, fallback: number, min: number, max: number) => {
  const n = value === undefined ? NaN : Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
};

export const endpointRunnerOptions = (env: NodeJS.ProcessEnv = process.env): EndpointRunnerOptions => ({
  batchSize: int(env.SANDBOX_ENDPOINT_BATCH_SIZE, 250, 1, 10_000),
  concurrency: int(env.SANDBOX_ENDPOINT_CONCURRENCY, 4, 1, 64),
  timeoutMs: int(env.SANDBOX_ENDPOINT_TIMEOUT_MS, 10_000, 10, 300_000),
  retries: int(env.SANDBOX_ENDPOINT_RETRIES, 3, 0, 10),
  retryDelayMs: int(env.SANDBOX_ENDPOINT_RETRY_DELAY_MS, 200, 0, 60_000),
  recordAttempts: int(env.SANDBOX_RECORD_ATTEMPTS, 8, 1, 100),
  recordDelayMs: int(env.SANDBOX_RECORD_DELAY_MS, 250, 0, 60_000),
  maxAnswerBytes: 8 * 1024 * 1024,
});

export interface EndpointJob {
  readonly runId: string;
  readonly endpoint: string;
  readonly parameters: SuiteParameters;
  /** The suite version's key (generator version 2; none for version 1). Held in memory only. */
  readonly key?: Uint8Array;
  readonly truth: () => Truth;
}

/** What the runner needs from outside: HTTP, and recording the outcome (each may fail and is retried). */
export interface EndpointRunnerPorts {
  post(url: string, body: string, timeoutMs: number, maxBytes: number): Promise<{ status: number; text: string }>;
  complete(runId: string, score: SandboxScore): Promise<void>;
  fail(runId: string, reason: string, message: string): Promise<void>;
  /** A recording failure that will not go away by retrying (the run was finished meanwhile). */
  isFinal(error: unknown): boolean;
  warn(message: string): void;
}

export interface RunProgress {
  scored: number;
  total: number;
  retries: number;
}

/** What a log line says of an error: its code (a registry or database code), never a message that may hold data. */
export const errorCodeOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : ((error as Error | null)?.name ?? 'error');
};

/** A call that failed for good, with the reason recorded on SandboxRunFailed. */
export class EndpointFailure extends Error {
  constructor(
    readonly reason: 'ENDPOINT_TIMEOUT' | 'ENDPOINT_UNREACHABLE' | 'ENDPOINT_HTTP_ERROR' | 'ENDPOINT_BAD_ANSWER' | 'ENDPOINT_FORBIDDEN_ADDRESS',
    message: string,
  ) {
    super(message);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The real HTTP port is `guardedPost` (endpoint-guard.ts): public addresses only, no redirects, time and size limits.

/**
 * Endpoint mode: calls the firm's model in batches (at most `concurrency` at once), retries what may pass on
 * a second try (timeouts, network errors, 429, 5xx) with a doubling pause, scores the answers as they come
 * (counts only), and records the outcome; if the database fails then, the outcome is kept and recorded
 * again after a pause. Progress is readable while it runs.
 */
export class EndpointRunner {
  private readonly progressById = new Map<string, RunProgress>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly options: EndpointRunnerOptions,
    private readonly ports: EndpointRunnerPorts,
  ) {}

  progress(runId: string): RunProgress | null {
    const p = this.progressById.get(runId);
    return p ? { ...p } : null;
  }

  /** Starts a run unless it is already running here; resolves when it is recorded (or given up). */
  start(job: EndpointJob): Promise<void> {
    const existing = this.running.get(job.runId);
    if (existing) return existing;
    const run = this.run(job).finally(() => {
      this.running.delete(job.runId);
      this.progressById.delete(job.runId);
    });
    this.running.set(job.runId, run);
    return run;
  }

  /** Waits for every run in flight (shutdown, tests). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  private async run(job: EndpointJob): Promise<void> {
    const { parameters: p } = job;
    const progress: RunProgress = { scored: 0, total: p.size, retries: 0 };
    this.progressById.set(job.runId, progress);
    let outcome: { score: SandboxScore } | { failure: EndpointFailure };
    try {
      const scorer = new PredictionScorer(job.truth(), p.thresholds);
      const applicants = generateApplicants(p, job.key);
      let batchNo = 0;
      let stopped = false;
      const next = (): EndpointBatch | null => {
        if (stopped) return null;
        const chunk: Applicant[] = [];
        while (chunk.length < this.options.batchSize) {
          const r = applicants.next();
          if (r.done) break;
          chunk.push(r.value);
        }
        return chunk.length ? buildEndpointBatch(p.suite, batchNo++, chunk) : null;
      };
      const worker = async () => {
        for (let batch = next(); batch; batch = next()) {
          const answers = await this.call(job.endpoint, batch, progress);
          scoreEndpointBatch(batch, answers, scorer);
          progress.scored += batch.plan.length;
        }
      };
      const workers = Array.from({ length: this.options.concurrency }, () =>
        worker().catch((error) => {
          stopped = true;
          throw error;
        }),
      );
      const settled = await Promise.allSettled(workers);
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      outcome = { score: scorer.finish() };
    } catch (error) {
      outcome = {
        failure: error instanceof EndpointFailure ? error : new EndpointFailure('ENDPOINT_BAD_ANSWER', error instanceof Error ? error.message : String(error)),
      };
    }
    await this.record(job.runId, () =>
      'score' in outcome ? this.ports.complete(job.runId, outcome.score) : this.ports.fail(job.runId, outcome.failure.reason, outcome.failure.message),
    );
  }

  private async call(endpoint: string, batch: EndpointBatch, progress: RunProgress): Promise<Map<string, 0 | 1>> {
    const body = JSON.stringify({ rows: batch.rows });
    let last: EndpointFailure = new EndpointFailure('ENDPOINT_UNREACHABLE', 'not called');
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      if (attempt > 0) {
        progress.retries++;
        await pause(this.options.retryDelayMs * 2 ** (attempt - 1));
      }
      let answer: { status: number; text: string };
      try {
        answer = await this.ports.post(endpoint, body, this.options.timeoutMs, this.options.maxAnswerBytes);
      } catch (error) {
        if (error instanceof EndpointFailure) throw error;
        const timeout = (error as { name?: string })?.name === 'TimeoutError' || (error as { name?: string })?.name === 'AbortError';
        last = timeout
          ? new EndpointFailure('ENDPOINT_TIMEOUT', `no answer within ${this.options.timeoutMs} ms`)
          : new EndpointFailure('ENDPOINT_UNREACHABLE', `the endpoint could not be reached (${(error as Error)?.message ?? error})`);
        continue;
      }
      if (answer.status === 429 || answer.status >= 500) {
        last = new EndpointFailure('ENDPOINT_HTTP_ERROR', `the endpoint answered HTTP ${answer.status}`);
        continue;
      }
      if (answer.status < 200 || answer.status >= 300) throw new EndpointFailure('ENDPOINT_HTTP_ERROR', `the endpoint answered HTTP ${answer.status}`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(answer.text);
      } catch {
        throw new EndpointFailure('ENDPOINT_BAD_ANSWER', 'the answer is not JSON');
      }
      try {
        return readEndpointAnswer(batch, parsed);
      } catch (error) {
        if (error instanceof EndpointAnswerError) throw new EndpointFailure('ENDPOINT_BAD_ANSWER', error.message);
        throw error;
      }
    }
    throw new EndpointFailure(last.reason, `${last.message} (after ${this.options.retries + 1} attempts)`);
  }

  private async record(runId: string, write: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await write();
        return;
      } catch (error) {
        if (this.ports.isFinal(error) || attempt >= this.options.recordAttempts) {
          this.ports.warn(`sandbox run ${runId}: outcome not recorded (${errorCodeOf(error)})`);
          return;
        }
        await pause(this.options.recordDelayMs * 2 ** (attempt - 1));
      }
    }
  }
}
