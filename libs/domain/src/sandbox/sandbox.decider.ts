import { assertNever, Decider } from '@registry/kernel';
import { GENERATOR_VERSION, parameterProblems, SUITE_KINDS, SuiteKind } from '@registry/sandbox/suites';
import { assertDigest, isAtOrBefore, isBefore } from '../shared/values';
import { SandboxRunCommand, TestSuiteCommand } from './sandbox.commands';
import { SandboxErrors } from './sandbox.errors';
import { ENDPOINT_MAX, RUN_ID, SandboxRunEvent, SandboxRunRequested, SUITE_VERSION, TestSuiteEvent, TestSuitePublished } from './sandbox.events';

export type SuiteVersion = TestSuitePublished['data'];

/** A suite's versions in publication order (effectiveFrom never goes back). */
export type TestSuiteState =
  { readonly status: 'NONE' } | { readonly status: 'PUBLISHED'; readonly suiteId: SuiteKind; readonly versions: readonly SuiteVersion[] };

/** The version in force at `asOf`: the latest whose effectiveFrom has come. */
export const suiteVersionInForce = <V extends Pick<SuiteVersion, 'effectiveFrom'>>(versions: readonly V[], asOf: string): V | undefined =>
  [...versions].reverse().find((v) => isAtOrBefore(v.effectiveFrom, asOf));

/** Which use cases a suite tests: the lending suite, lending decisions; the hiring suite, hiring decisions. */
export const SUITE_USE_CASES: Readonly<Record<SuiteKind, readonly string[]>> = { lending: ['lending'], hiring: ['hiring'] };

export const isSuiteKind = (value: string): value is SuiteKind => (SUITE_KINDS as readonly string[]).includes(value);

export const testSuiteDecider: Decider<TestSuiteCommand, TestSuiteEvent, TestSuiteState> = {
  initialState: () => ({ status: 'NONE' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'TestSuitePublished':
        return { status: 'PUBLISHED', suiteId: event.data.suiteId, versions: [...(state.status === 'PUBLISHED' ? state.versions : []), event.data] };
      default:
        return assertNever(event.type);
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'PublishTestSuite': {
        const { suiteId, version, parameters, context } = command.data;
        if (command.actor.role !== 'REGISTRAR') throw SandboxErrors.notRegistrar();
        if (!isSuiteKind(suiteId)) throw SandboxErrors.unknownSuite(suiteId);
        if (!SUITE_VERSION.test(version)) throw SandboxErrors.invalid('version', 'version must be 1 to 32 letters, digits, dots, dashes or underscores');
        const problem = parameterProblems({ suite: suiteId, ...parameters })[0];
        if (problem) throw SandboxErrors.invalid(`parameters.${problem.field}`, `parameters.${problem.field} ${problem.problem}`);
        // Version 1's randomness is public (anyone can regenerate labels and protected attributes): versions published
        // with it stay as they are, no new one is.
        if (parameters.generatorVersion !== GENERATOR_VERSION)
          throw SandboxErrors.invalid(
            'parameters.generatorVersion',
            `parameters.generatorVersion must be ${GENERATOR_VERSION}: new suite versions are generated with keyed randomness`,
          );
        if (!/^sha256:[0-9a-f]{64}$/.test(context.digest)) throw SandboxErrors.invalid('digest', 'the suite digest is sha256: and 64 hex digits');
        const effectiveFrom = command.data.effectiveFrom ?? command.issuedAt;
        if (Number.isNaN(Date.parse(effectiveFrom))) throw SandboxErrors.invalid('effectiveFrom', 'effectiveFrom must be an instant');
        const versions = state.status === 'PUBLISHED' ? state.versions : [];
        if (versions.some((v) => v.version === version)) throw SandboxErrors.versionExists(suiteId, version);
        const same = versions.find((v) => v.digest === context.digest);
        if (same) throw SandboxErrors.unchanged(suiteId, same.version);
        const last = versions[versions.length - 1];
        if (last && isBefore(effectiveFrom, last.effectiveFrom)) throw SandboxErrors.effectiveBeforePrevious();
        return [
          {
            type: 'TestSuitePublished',
            data: { suiteId, version, digest: context.digest, useCases: SUITE_USE_CASES[suiteId], parameters, effectiveFrom, publishedAt: command.issuedAt },
          },
        ];
      }
      default:
        return assertNever(command.type);
    }
  },
};

/** NONE → REQUESTED → COMPLETED (passed or not) | FAILED. A finished run is final: run again under a new id. */
export type SandboxRunState =
  | { readonly status: 'NONE' }
  | { readonly status: 'REQUESTED' | 'FAILED'; readonly run: SandboxRunRequested['data'] }
  /** `passed`: whether every judged threshold check passed (what a certification citing the run relies on). */
  | { readonly status: 'COMPLETED'; readonly run: SandboxRunRequested['data']; readonly passed: boolean };

const ENDPOINT = /^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/;

export const sandboxRunDecider: Decider<SandboxRunCommand, SandboxRunEvent, SandboxRunState> = {
  initialState: () => ({ status: 'NONE' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'SandboxRunRequested':
        return { status: 'REQUESTED', run: event.data };
      case 'SandboxRunCompleted':
        return state.status === 'NONE' ? state : { status: 'COMPLETED', run: state.run, passed: event.data.passed };
      case 'SandboxRunFailed':
        return state.status === 'NONE' ? state : { status: 'FAILED', run: state.run };
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'RequestSandboxRun': {
        const { context, ...d } = command.data;
        if (!RUN_ID.test(d.runId)) throw SandboxErrors.invalid('runId', 'runId must be 1 to 64 letters, digits, dots, dashes or underscores');
        if (state.status !== 'NONE') throw SandboxErrors.runExists(d.runId);
        if (context.ownerFirmId === null || context.versionDigest === null) throw SandboxErrors.modelVersionNotFound(d.modelId, d.modelVersion);
        if (command.actor.role !== 'FIRM' || command.actor.scope !== context.ownerFirmId) throw SandboxErrors.notModelOwner();
        assertDigest('weightsDigest', d.weightsDigest);
        if (d.weightsDigest !== context.versionDigest) throw SandboxErrors.weightsDigestMismatch(d.modelId, d.modelVersion);
        if (!context.suite) throw isSuiteKind(d.suiteId) ? SandboxErrors.suiteNotPublished(d.suiteId) : SandboxErrors.unknownSuite(d.suiteId);
        if (d.mode === 'ENDPOINT' && (d.endpoint === null || d.endpoint.length > ENDPOINT_MAX || !ENDPOINT.test(d.endpoint)))
          throw SandboxErrors.invalid('endpoint', `endpoint must be an http(s) URL of at most ${ENDPOINT_MAX} characters`);
        if (d.mode === 'UPLOAD' && d.endpoint !== null) throw SandboxErrors.invalid('endpoint', 'endpoint is only for ENDPOINT mode');
        const { suite } = context;
        // Each run's scores are an oracle on the labels (review P1): a model version gets a bounded number per suite version.
        if (context.runsOfSuiteVersion >= context.maxRunsPerSuiteVersion)
          throw SandboxErrors.tooManyRuns(d.modelId, d.modelVersion, suite.suiteId, suite.version, context.maxRunsPerSuiteVersion);
        return [
          {
            type: 'SandboxRunRequested',
            data: {
              runId: d.runId,
              firmId: context.ownerFirmId,
              modelId: d.modelId,
              modelVersion: d.modelVersion,
              weightsDigest: d.weightsDigest,
              suiteId: suite.suiteId,
              suiteVersion: suite.version,
              suiteDigest: suite.digest,
              mode: d.mode,
              endpoint: d.endpoint,
              rows: suite.size,
              requestedAt: command.issuedAt,
            },
          },
        ];
      }
      case 'CompleteSandboxRun': {
        const { runId, score, failedChecks } = command.data;
        if (state.status === 'NONE') throw SandboxErrors.runNotFound(runId);
        const { run } = state;
        // Upload mode: the firm's own submission completes the run; endpoint mode: only the sandbox does.
        if (run.mode === 'UPLOAD' && !(command.actor.role === 'FIRM' && command.actor.scope === run.firmId)) throw SandboxErrors.notRunOwner();
        if (run.mode === 'ENDPOINT' && command.actor.role !== 'SYSTEM') throw SandboxErrors.notSandbox();
        if (state.status !== 'REQUESTED') throw SandboxErrors.runFinished(runId);
        if (score.rows !== run.rows) throw SandboxErrors.wrongRowCount(run.rows, score.rows);
        const { mode: _m, endpoint: _e, rows: _r, requestedAt: _t, ...subject } = run;
        return [
          { type: 'SandboxRunCompleted', data: { ...subject, passed: score.passed, failedChecks: [...failedChecks], score, completedAt: command.issuedAt } },
        ];
      }
      case 'FailSandboxRun': {
        const { runId, reason, message } = command.data;
        if (state.status === 'NONE') throw SandboxErrors.runNotFound(runId);
        if (command.actor.role !== 'SYSTEM') throw SandboxErrors.notSandbox();
        if (state.status !== 'REQUESTED') throw SandboxErrors.runFinished(runId);
        const { mode: _m, endpoint: _e, rows: _r, requestedAt: _t, ...subject } = state.run;
        return [{ type: 'SandboxRunFailed', data: { ...subject, reason, message: message.slice(0, 500), failedAt: command.issuedAt } }];
      }
      default:
        return assertNever(command);
    }
  },
};
