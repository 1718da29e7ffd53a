import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore, isConnectionError, LogPosition, SqlExecutor } from '@registry/event-store';
import { Actor, CommandMetadata, isRegistryError, RegistryError } from '@registry/kernel';
import {
  isSuiteKind,
  modelDecider,
  modelStreamId,
  RequestSandboxRun,
  sandboxRunDecider,
  SandboxRunEvent,
  sandboxRunStreamId,
  SandboxErrors,
  suiteVersionInForce,
  SuiteVersion,
  testSuiteDecider,
  TestSuiteState,
  testSuiteStreamId,
} from '@registry/domain';
import {
  DEFAULT_THRESHOLDS,
  deriveSuiteKey,
  failedChecks,
  GENERATOR_VERSION,
  generatorVersionOf,
  parameterProblems,
  parsePredictions,
  PredictionFormat,
  PredictionScorer,
  regenerateTruthYielding,
  SandboxScore,
  SUITE_KINDS,
  SuiteKind,
  suiteDigestYielding,
  SuiteParameters,
  Truth,
} from '@registry/sandbox';
import { AggregateReader } from '../infrastructure/aggregate-reader';
import { callerScopedKey, CommandShell } from '../infrastructure/command-shell';
import { EndpointRunner, endpointRunnerOptions, errorCodeOf } from './endpoint-runner';
import { endpointProblem, guardedPost } from './endpoint-guard';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';
import { READ_DB } from '../infrastructure/event-store.providers';
import { RunKey, SandboxOpenRunsProjection } from './sandbox-open-runs.projection';
import { PublishSandboxSuiteInput, RequestSandboxRunInput } from './sandbox.inputs';
import { RunFacts, runOf, suiteParameters } from './sandbox.views';
import { readSandboxSecret } from './sandbox-secret';

/**
 * The run id of the k-th run (k from 1) of a model version against a suite version: the slots the run cap is
 * counted over (SandboxService.requestRun). Public facts only: anyone may compute it, only the owner may fill it.
 */
export const slotRunId = (modelId: string, modelVersion: string, suiteId: string, suiteVersion: string, k: number) => {
  const h = createHash('sha256')
    .update(JSON.stringify(['sandbox-run-slot', modelId, modelVersion, suiteId, suiteVersion, k]))
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** The suite version in force moved between choosing a slot and deciding: choose again. */
class SlotsMoved extends Error {}

/** The sandbox itself, as the actor of what it records on its own (endpoint runs). */
export const SANDBOX_ACTOR: Actor = { subject: 'hk-ai-sandbox', role: 'SYSTEM' };

/** An upload may be at most this many bytes a row (a JSONL line is ~45) plus a little: the body limit of a run. */
export const UPLOAD_BYTES_PER_ROW = 128;
export const uploadLimit = (rows: number) => rows * UPLOAD_BYTES_PER_ROW + 4096;

/**
 * The sandbox's shell: publishes suites (computing their content address), requests runs, scores uploads
 * as they stream in, and starts endpoint runs. Every write goes through the CommandShell and a decider.
 */
@Injectable()
export class SandboxService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sandbox');
  /** Regenerated truth by suite digest (2 bytes a row), the few most recent. */
  private readonly truths = new Map<string, Promise<Truth>>();
  readonly runner: EndpointRunner;
  /** The sandbox secret (sandbox-secret.ts): in memory only, never logged, never in an event or an answer. */
  private readonly secret: Buffer;

  constructor(
    private readonly shell: CommandShell,
    private readonly aggregates: AggregateReader,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(READ_DB) private readonly readModels: SqlExecutor,
  ) {
    this.secret = readSandboxSecret(config.sandboxSecret);
    this.runner = new EndpointRunner(endpointRunnerOptions(), {
      post: guardedPost(config.sandboxAllowPrivateEndpoints),
      complete: (runId, score) => this.recordCompletion(runId, score, this.metadata(SANDBOX_ACTOR)).then(() => undefined),
      fail: (runId, reason, message) =>
        this.shell
          .execute(
            sandboxRunStreamId(runId),
            sandboxRunDecider,
            { type: 'FailSandboxRun', data: { runId, reason, message }, actor: SANDBOX_ACTOR, issuedAt: new Date().toISOString() },
            this.metadata(SANDBOX_ACTOR),
          )
          .then(() => undefined),
      isFinal: (error) => isRegistryError(error) && !isConnectionError(error),
      warn: (message) => this.logger.warn(message),
    });
  }

  /** How long an upload's body may stall before it is answered 408 (SANDBOX_UPLOAD_IDLE_TIMEOUT). */
  get uploadIdleTimeoutMs(): number {
    return this.config.sandboxUploadIdleTimeoutMs;
  }

  /**
   * Resumes the endpoint runs that were requested and never finished (the process that ran them stopped): read
   * models have caught up by now. Never fails start-up; with several instances each resumes them, and the first
   * outcome recorded wins (the decider refuses a second).
   */
  onApplicationBootstrap(): void {
    // Not from an operator command (`registry rebuild`): the next start of the registry itself resumes them.
    if (this.config.maintenance) return;
    void SandboxOpenRunsProjection.openRuns(this.readModels).then(
      (runIds) => {
        if (runIds.length > 0) this.logger.log(`resuming ${runIds.length} sandbox endpoint run(s)`);
        for (const runId of runIds) void this.startEndpointRun(runId);
      },
      (error: unknown) => this.logger.warn(`sandbox endpoint runs could not be resumed (${errorCodeOf(error)})`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.idle();
  }

  private metadata(actor: Actor): CommandMetadata {
    const id = randomUUID();
    return { actor, issuedAt: new Date().toISOString(), correlationId: id, causationId: null, commandId: id };
  }

  /**
   * A suite version's key (generator version 2), derived from the sandbox secret and the version's name and seed;
   * undefined for a version-1 suite, whose randomness is public.
   */
  keyOf(v: Pick<SuiteVersion, 'suiteId' | 'version' | 'parameters'>): Buffer | undefined {
    return generatorVersionOf(v.parameters) === 1 ? undefined : deriveSuiteKey(this.secret, { suite: v.suiteId, version: v.version, seed: v.parameters.seed });
  }

  async suite(suiteId: string, knownAt?: LogPosition): Promise<TestSuiteState> {
    if (!isSuiteKind(suiteId)) return { status: 'NONE' };
    return (await this.aggregates.load(testSuiteStreamId(suiteId), testSuiteDecider, knownAt)).state;
  }

  async suites(): Promise<{ id: SuiteKind; versions: readonly SuiteVersion[] }[]> {
    const states = await Promise.all(SUITE_KINDS.map(async (id) => ({ id, state: await this.suite(id) })));
    return states.flatMap(({ id, state }) => (state.status === 'PUBLISHED' ? [{ id, versions: state.versions }] : []));
  }

  async suiteVersion(suiteId: string, version: string): Promise<SuiteVersion | undefined> {
    const state = await this.suite(suiteId);
    return state.status === 'PUBLISHED' ? state.versions.find((v) => v.version === version) : undefined;
  }

  async publishSuite(input: PublishSandboxSuiteInput, metadata: CommandMetadata): Promise<SuiteVersion> {
    const { idempotencyKey: _key, ...rest } = input;
    const t = Object.fromEntries(Object.entries(input.thresholds ?? {}).filter(([, v]) => v !== null && v !== undefined));
    const parameters = {
      generatorVersion: GENERATOR_VERSION,
      seed: input.seed,
      size: input.size,
      baseRate: input.baseRate,
      sexBaseRateGap: input.sexBaseRateGap ?? 0,
      thresholds: { ...DEFAULT_THRESHOLDS, ...t },
    };
    // Refused before the digest is computed: generating rows for a refused request would be wasted work.
    if (metadata.actor.role !== 'REGISTRAR') throw SandboxErrors.notRegistrar();
    if (!isSuiteKind(rest.suiteId)) throw SandboxErrors.unknownSuite(rest.suiteId);
    const problem = parameterProblems({ suite: rest.suiteId, ...parameters })[0];
    if (problem) throw SandboxErrors.invalid(`parameters.${problem.field}`, `${problem.field} ${problem.problem}`);
    // Up to 1M rows: generated with turns of the event loop in between, so other requests are not held up.
    const key = this.keyOf({ suiteId: rest.suiteId, version: rest.version, parameters });
    const digest = await suiteDigestYielding({ suite: rest.suiteId, ...parameters }, key);
    const data = {
      suiteId: rest.suiteId,
      version: rest.version,
      parameters,
      effectiveFrom: input.effectiveFrom ? input.effectiveFrom.toISOString() : null,
      context: { digest },
    };
    const result = await this.shell.execute(
      testSuiteStreamId(rest.suiteId),
      testSuiteDecider,
      { type: 'PublishTestSuite', data, actor: metadata.actor, issuedAt: metadata.issuedAt },
      metadata,
    );
    return result.events[0].data as SuiteVersion;
  }

  /**
   * Requests a run. Runs are capped per model version and suite version (review P1: each run's scores say
   * something of the hidden labels): the k-th run of a model version against a suite version is stored under a
   * run id that follows from them and k (`slotRunId`), so the decision reads every slot's stream through its
   * reader to count the runs already there, and a concurrent request taking a slot moves a stream the decision
   * read: the append fails and the decision is made again with the new count. A request takes the first free
   * slot; with none free it decides on slot max+1, which the decider refuses (SANDBOX.TOO_MANY_RUNS), appending
   * nothing. Every run counts, whatever its outcome (requested, completed or failed).
   */
  async requestRun(input: RequestSandboxRunInput, metadata: CommandMetadata): Promise<string> {
    const { idempotencyKey: _key, ...request } = input;
    const data = { ...request, endpoint: request.endpoint ?? null };
    if (data.endpoint) {
      const problem = await endpointProblem(data.endpoint, this.config.sandboxAllowPrivateEndpoints);
      if (problem) throw SandboxErrors.invalid('endpoint', problem);
    }
    const max = this.config.sandboxMaxRunsPerVersion;
    // The same key sent again answers with the first run, whichever slot it took.
    const previous = metadata.idempotencyKey
      ? await this.store.findIdempotentAppend(callerScopedKey(metadata.actor.subject, metadata.idempotencyKey))
      : undefined;
    const earlierRunId = (previous?.result.events[0]?.data as { runId?: unknown } | undefined)?.runId;
    for (let attempt = 0; ; attempt++) {
      const preflight = await this.suiteInForce(data.suiteId, new Date().toISOString());
      const slots = preflight
        ? Array.from({ length: max }, (_, k) => slotRunId(data.modelId, data.modelVersion, preflight.suiteId, preflight.version, k + 1))
        : [];
      let runId: string;
      if (typeof earlierRunId === 'string') runId = earlierRunId;
      else if (!preflight)
        runId = randomUUID(); // refused by the decider: no suite version in force
      else {
        const taken = await Promise.all(slots.map(async (id) => (await this.store.readStream(sandboxRunStreamId(id))).version > 0));
        const free = taken.indexOf(false);
        runId = free >= 0 ? slots[free] : slotRunId(data.modelId, data.modelVersion, preflight.suiteId, preflight.version, max + 1);
      }
      try {
        const result = await this.shell.execute<RequestSandboxRun, SandboxRunEvent, ReturnType<typeof sandboxRunDecider.initialState>>(
          sandboxRunStreamId(runId),
          sandboxRunDecider,
          {
            // The run id is not part of the request: the same key sent again answers with the first run.
            request: { type: 'RequestSandboxRun', data },
            build: async ({ issuedAt, read }) => {
              const { state: model } = await read.load(modelStreamId(data.modelId), modelDecider);
              const version = model.status === 'REGISTERED' ? model.versions.find((v) => v.version === data.modelVersion) : undefined;
              let suite: RequestSandboxRun['data']['context']['suite'] = null;
              if (isSuiteKind(data.suiteId)) {
                const { state } = await read.load(testSuiteStreamId(data.suiteId), testSuiteDecider);
                const inForce = state.status === 'PUBLISHED' ? suiteVersionInForce(state.versions, issuedAt) : undefined;
                if (inForce) suite = { suiteId: inForce.suiteId, version: inForce.version, digest: inForce.digest, size: inForce.parameters.size };
              }
              // The slots were chosen for another suite version than the one now in force: choose again.
              if (typeof earlierRunId !== 'string' && (suite?.version ?? null) !== (preflight?.version ?? null)) throw new SlotsMoved();
              let runsOfSuiteVersion = 0;
              for (const id of slots) if ((await read.load(sandboxRunStreamId(id), sandboxRunDecider)).state.status !== 'NONE') runsOfSuiteVersion++;
              const context = {
                ownerFirmId: model.status === 'REGISTERED' ? model.firmId : null,
                versionDigest: version?.weightsDigest ?? null,
                suite,
                runsOfSuiteVersion,
                maxRunsPerSuiteVersion: max,
              };
              return { type: 'RequestSandboxRun', data: { runId, ...data, context }, actor: metadata.actor, issuedAt };
            },
          },
          metadata,
        );
        const requested = result.events[0].data as { runId: string; mode: string };
        if (requested.mode === 'ENDPOINT' && !result.deduplicated) void this.startEndpointRun(requested.runId);
        return requested.runId;
      } catch (error) {
        // Another request took this slot (or the suite version changed) meanwhile: take the next one.
        const raced = error instanceof SlotsMoved || (isRegistryError(error) && error.code === 'SANDBOX.RUN_EXISTS' && typeof earlierRunId !== 'string');
        if (!raced || attempt >= max + 4) throw error instanceof SlotsMoved ? SandboxErrors.runExists(runId) : error;
      }
    }
  }

  private async suiteInForce(suiteId: string, asOf: string): Promise<SuiteVersion | undefined> {
    const state = await this.suite(suiteId);
    return state.status === 'PUBLISHED' ? suiteVersionInForce(state.versions, asOf) : undefined;
  }

  async run(runId: string, knownAt?: LogPosition): Promise<RunFacts | null> {
    const { events } = await this.store.readStream(sandboxRunStreamId(runId), knownAt ? { knownAt } : {});
    return runOf(events.map((e) => ({ type: e.type, data: e.data }) as SandboxRunEvent));
  }

  /** A model version's runs from the read model, newest first (see SandboxOpenRunsProjection.runsOf). */
  runsOf(modelId: string, version: string, limit: number, after: RunKey | undefined) {
    return SandboxOpenRunsProjection.runsOf(this.readModels, modelId, version, limit, after);
  }

  /**
   * A suite version's truth, regenerated with turns of the event loop in between (seconds of CPU at 1M rows).
   * Uploads for the same suite version share one regeneration, in flight or done (the last 4 are kept); a
   * regeneration that fails is not kept.
   */
  private truthOf(v: SuiteVersion): Promise<Truth> {
    const cached = this.truths.get(v.digest);
    if (cached) return cached;
    const truth = regenerateTruthYielding(suiteParameters(v), this.keyOf(v));
    this.truths.set(v.digest, truth);
    truth.catch(() => this.truths.get(v.digest) === truth && this.truths.delete(v.digest));
    if (this.truths.size > 4) this.truths.delete(this.truths.keys().next().value!);
    return truth;
  }

  /** The run an upload is for, refused before its body is read if it cannot take one from this actor. */
  async uploadTarget(runId: string, actor: Actor | undefined): Promise<{ run: RunFacts; suite: SuiteVersion }> {
    if (!actor) throw new RegistryError('UNAUTHENTICATED', 'AUTH.REQUIRED', 'Uploading predictions needs a bearer token.');
    const run = await this.run(runId);
    if (!run) throw SandboxErrors.runNotFound(runId);
    if (!(actor.role === 'FIRM' && actor.scope === run.requested.firmId)) throw SandboxErrors.notRunOwner();
    if (run.requested.mode !== 'UPLOAD') throw SandboxErrors.wrongMode(runId, run.requested.mode);
    if (run.completed || run.failed) throw SandboxErrors.runFinished(runId);
    const suite = await this.suiteVersion(run.requested.suiteId, run.requested.suiteVersion);
    if (!suite) throw SandboxErrors.runNotFound(runId);
    return { run, suite };
  }

  /**
   * Scores an upload as it streams (counts only) and records the completion with the uploading firm as actor.
   * Any refusal (a bad line, an unknown or repeated row, a wrong count) throws before anything is appended.
   */
  async submitPredictions(target: { run: RunFacts; suite: SuiteVersion }, format: PredictionFormat, body: AsyncIterable<Buffer>, metadata: CommandMetadata) {
    const scorer = new PredictionScorer(await this.truthOf(target.suite), target.suite.parameters.thresholds);
    for await (const { rowId, prediction, line } of parsePredictions(format, body)) scorer.add(rowId, prediction, line);
    return this.recordCompletion(target.run.requested.runId, scorer.finish(), metadata);
  }

  private recordCompletion(runId: string, score: SandboxScore, metadata: CommandMetadata) {
    return this.shell.execute(
      sandboxRunStreamId(runId),
      sandboxRunDecider,
      { type: 'CompleteSandboxRun', data: { runId, score, failedChecks: failedChecks(score) }, actor: metadata.actor, issuedAt: metadata.issuedAt },
      metadata,
    );
  }

  /** Starts (or resumes, after a restart) an endpoint run on this instance. */
  async startEndpointRun(runId: string): Promise<void> {
    try {
      const run = await this.run(runId);
      if (!run || run.completed || run.failed || run.requested.mode !== 'ENDPOINT' || !run.requested.endpoint) return;
      const suite = await this.suiteVersion(run.requested.suiteId, run.requested.suiteVersion);
      if (!suite) return;
      const parameters: SuiteParameters = suiteParameters(suite);
      const truth = await this.truthOf(suite);
      await this.runner.start({ runId, endpoint: run.requested.endpoint, parameters, key: this.keyOf(suite), truth: () => truth });
    } catch (error) {
      this.logger.warn(`sandbox run ${runId} could not start (${errorCodeOf(error)})`);
    }
  }
}
