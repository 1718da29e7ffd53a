import { Actor, SYSTEM_ACTOR } from '@registry/kernel';
import { deciderSpec } from '@registry/kernel/testing/decider-spec';
import { DEFAULT_THRESHOLDS } from '@registry/sandbox/suites';
import type { SandboxScore } from '@registry/sandbox/metrics';
import { CompleteSandboxRun, FailSandboxRun, PublishTestSuite, RequestSandboxRun } from './sandbox.commands';
import { sandboxRunDecider, suiteVersionInForce, testSuiteDecider } from './sandbox.decider';
import { SandboxRunEvent, sandboxRunStreamId, SandboxRunRequested, TestSuitePublished, testSuiteStreamId } from './sandbox.events';
import { registrar, acme, globex, cb1 as certifier, cac as regulator, at } from '../testing/parties';

const digest = 'sha256:' + 'a'.repeat(64);
const suiteDigest = 'sha256:' + 'c'.repeat(64);
const parameters = { generatorVersion: 2 as const, seed: 1, size: 1000, baseRate: 0.5, sexBaseRateGap: 0, thresholds: DEFAULT_THRESHOLDS };

const publish = (over: Partial<PublishTestSuite['data']> = {}, actor = registrar): PublishTestSuite => ({
  type: 'PublishTestSuite',
  data: { suiteId: 'lending', version: '2026.1', parameters, effectiveFrom: null, context: { digest: suiteDigest }, ...over },
  actor,
  issuedAt: at,
});
const published: TestSuitePublished = {
  type: 'TestSuitePublished',
  data: { suiteId: 'lending', version: '2026.1', digest: suiteDigest, useCases: ['lending'], parameters, effectiveFrom: at, publishedAt: at },
};

const suite = { suiteId: 'lending' as const, version: '2026.1', digest: suiteDigest, size: 1000 };
const context = { ownerFirmId: 'acme', versionDigest: digest, suite, runsOfSuiteVersion: 0, maxRunsPerSuiteVersion: 5 };
const request = (over: Partial<RequestSandboxRun['data']> = {}, actor = acme): RequestSandboxRun => ({
  type: 'RequestSandboxRun',
  data: {
    runId: 'run-1',
    modelId: 'lendwise',
    modelVersion: '1.0',
    weightsDigest: digest,
    suiteId: 'lending',
    mode: 'UPLOAD',
    endpoint: null,
    context,
    ...over,
  },
  actor,
  issuedAt: at,
});
const subject = {
  runId: 'run-1',
  firmId: 'acme',
  modelId: 'lendwise',
  modelVersion: '1.0',
  weightsDigest: digest,
  suiteId: 'lending' as const,
  suiteVersion: '2026.1',
  suiteDigest,
};
const requested: SandboxRunRequested = { type: 'SandboxRunRequested', data: { ...subject, mode: 'UPLOAD', endpoint: null, rows: 1000, requestedAt: at } };
const endpointRequested: SandboxRunRequested = {
  type: 'SandboxRunRequested',
  data: { ...requested.data, mode: 'ENDPOINT', endpoint: 'http://127.0.0.1:9/predict' },
};
const score = { rows: 1000, passed: false, checks: [], overall: {}, groupings: [], counterfactual: null } as unknown as SandboxScore;
const complete = (actor: Actor = acme, over: Partial<CompleteSandboxRun['data']> = {}): CompleteSandboxRun => ({
  type: 'CompleteSandboxRun',
  data: { runId: 'run-1', score, failedChecks: ['DISPARATE_IMPACT_RATIO(sex)'], ...over },
  actor,
  issuedAt: at,
});
const fail = (actor: Actor = SYSTEM_ACTOR): FailSandboxRun => ({
  type: 'FailSandboxRun',
  data: { runId: 'run-1', reason: 'ENDPOINT_TIMEOUT', message: 'timed out' },
  actor,
  issuedAt: at,
});
const completed: SandboxRunEvent = { type: 'SandboxRunCompleted', data: { ...subject, passed: false, failedChecks: [], score, completedAt: at } };

const suites = deciderSpec(testSuiteDecider);
const runs = deciderSpec(sandboxRunDecider);

describe('test suite decider', () => {
  it('names one stream per suite', () => expect(testSuiteStreamId('lending')).toBe('test-suite-lending'));

  it('publishes a version, content-addressed, effective from now unless told otherwise', () => {
    suites.given([]).when(publish()).then([published]);
    suites
      .given([])
      .when(publish({ effectiveFrom: '2027-01-01T00:00:00.000Z' }))
      .then([{ ...published, data: { ...published.data, effectiveFrom: '2027-01-01T00:00:00.000Z' } }]);
  });
  it('publishes a newer version with a new digest', () =>
    suites
      .given([published])
      .when(publish({ version: '2026.2', context: { digest: 'sha256:' + 'd'.repeat(64) } }))
      .then([{ ...published, data: { ...published.data, version: '2026.2', digest: 'sha256:' + 'd'.repeat(64) } }]));
  it.each([acme, certifier, regulator, SYSTEM_ACTOR])('refuses anyone but the registrar (%o)', (actor) =>
    suites.given([]).when(publish({}, actor)).thenFails('SANDBOX.NOT_REGISTRAR'),
  );
  it('refuses an unknown suite', () =>
    suites
      .given([])
      .when(publish({ suiteId: 'astrology' }))
      .thenFails('SANDBOX.UNKNOWN_SUITE'));
  it('refuses a version label used before, or the same content under a new label', () => {
    suites
      .given([published])
      .when(publish({ context: { digest: 'sha256:' + 'd'.repeat(64) } }))
      .thenFails('SANDBOX.SUITE_VERSION_EXISTS');
    suites
      .given([published])
      .when(publish({ version: '2026.2' }))
      .thenFails('SANDBOX.SUITE_UNCHANGED');
  });
  it('refuses invalid parameters, labels, digests and a version effective before the previous one', () => {
    suites
      .given([])
      .when(publish({ version: 'no spaces' }))
      .thenFails('SANDBOX.INVALID');
    suites
      .given([])
      .when(publish({ parameters: { ...parameters, size: 10 } }))
      .thenFails('SANDBOX.INVALID');
    suites
      .given([])
      .when(publish({ parameters: { ...parameters, thresholds: { ...DEFAULT_THRESHOLDS, disparateImpactMin: 1.5 } } }))
      .thenFails('SANDBOX.INVALID');
    suites
      .given([])
      .when(publish({ context: { digest: 'sha256:xyz' } }))
      .thenFails('SANDBOX.INVALID');
    suites
      .given([published])
      .when(publish({ version: '2026.0', effectiveFrom: '2020-01-01T00:00:00.000Z', context: { digest: 'sha256:' + 'd'.repeat(64) } }))
      .thenFails('SANDBOX.INVALID');
  });
  it('refuses a new version with the public-randomness generator (1) or none named, and folds versions published with it', () => {
    const { generatorVersion: _v, ...legacy } = parameters;
    for (const p of [legacy, { ...legacy, generatorVersion: 1 as const }])
      suites
        .given([])
        .when(publish({ parameters: p }))
        .thenFails('SANDBOX.INVALID');
    // A version published before generator version 2 (no field) is still a version: the next one is judged against it.
    const old: TestSuitePublished = { ...published, data: { ...published.data, parameters: legacy } };
    suites
      .given([old])
      .when(publish({ version: '2026.1' }))
      .thenFails('SANDBOX.SUITE_VERSION_EXISTS');
    suites
      .given([old])
      .when(publish({ version: '2026.2', context: { digest: 'sha256:' + 'd'.repeat(64) } }))
      .then([
        {
          type: 'TestSuitePublished',
          data: { ...published.data, version: '2026.2', digest: 'sha256:' + 'd'.repeat(64), parameters, effectiveFrom: at, publishedAt: at },
        },
      ]);
  });
  it('finds the version in force at an instant', () => {
    const v1 = { effectiveFrom: '2026-01-01T00:00:00Z', version: '1' };
    const v2 = { effectiveFrom: '2027-01-01T00:00:00Z', version: '2' };
    expect(suiteVersionInForce([v1, v2], '2025-06-01T00:00:00Z')).toBeUndefined();
    expect(suiteVersionInForce([v1, v2], '2026-06-01T00:00:00Z')).toBe(v1);
    expect(suiteVersionInForce([v1, v2], '2027-01-01T00:00:00Z')).toBe(v2);
  });
});

describe('sandbox run decider', () => {
  it('names one stream per run', () => expect(sandboxRunStreamId('run-1')).toBe('sandbox-run-run-1'));

  describe('RequestSandboxRun', () => {
    it('records a firm’s run of its own model version against the suite version, with its size', () => runs.given([]).when(request()).then([requested]));
    it('records an endpoint run with its endpoint', () =>
      runs
        .given([])
        .when(request({ mode: 'ENDPOINT', endpoint: 'http://127.0.0.1:9/predict' }))
        .then([endpointRequested]));
    it.each([globex, registrar, certifier, regulator])('refuses anyone but the owning firm (%o)', (actor) =>
      runs.given([]).when(request({}, actor)).thenFails('SANDBOX.NOT_MODEL_OWNER'),
    );
    it('refuses weights other than the version’s registered digest', () =>
      runs
        .given([])
        .when(request({ weightsDigest: 'sha256:' + 'b'.repeat(64) }))
        .thenFails('SANDBOX.WEIGHTS_DIGEST_MISMATCH'));
    it('refuses a malformed digest', () =>
      runs
        .given([])
        .when(request({ weightsDigest: 'sha256:AB' }))
        .thenFails('INPUT.INVALID_DIGEST'));
    it('refuses an unknown model version', () =>
      runs
        .given([])
        .when(request({ context: { ...context, versionDigest: null } }))
        .thenFails('SANDBOX.MODEL_VERSION_NOT_FOUND'));
    it('refuses an unknown suite, and a known one not yet in force', () => {
      runs
        .given([])
        .when(request({ suiteId: 'astrology', context: { ...context, suite: null } }))
        .thenFails('SANDBOX.UNKNOWN_SUITE');
      runs
        .given([])
        .when(request({ suiteId: 'hiring', context: { ...context, suite: null } }))
        .thenFails('SANDBOX.SUITE_NOT_PUBLISHED');
    });
    it('refuses a run id used before', () => runs.given([requested]).when(request()).thenFails('SANDBOX.RUN_EXISTS'));
    it('records runs up to the cap per model version and suite version, then refuses with SANDBOX.TOO_MANY_RUNS', () => {
      runs
        .given([])
        .when(request({ context: { ...context, runsOfSuiteVersion: 4 } }))
        .then([requested]);
      runs
        .given([])
        .when(request({ context: { ...context, runsOfSuiteVersion: 5 } }))
        .thenFails('SANDBOX.TOO_MANY_RUNS');
      runs
        .given([])
        .when(request({ context: { ...context, runsOfSuiteVersion: 1, maxRunsPerSuiteVersion: 1 } }))
        .thenFails('SANDBOX.TOO_MANY_RUNS');
    });
    it('checks ownership before the cap: another firm learns nothing of the count', () =>
      runs
        .given([])
        .when(request({ context: { ...context, runsOfSuiteVersion: 5 } }, globex))
        .thenFails('SANDBOX.NOT_MODEL_OWNER'));
    it.each([
      ['an endpoint run without endpoint', { mode: 'ENDPOINT' as const, endpoint: null }],
      ['a non-http endpoint', { mode: 'ENDPOINT' as const, endpoint: 'file:///etc/passwd' }],
      ['an overlong endpoint', { mode: 'ENDPOINT' as const, endpoint: 'http://x/' + 'a'.repeat(2000) }],
      ['an upload run with an endpoint', { endpoint: 'http://127.0.0.1/' }],
      ['a bad run id', { runId: '../etc' }],
    ])('refuses %s', (_what, over) => runs.given([]).when(request(over)).thenFails('SANDBOX.INVALID'));
  });

  describe('CompleteSandboxRun', () => {
    it('records the score with the firm as submitter of an upload run', () =>
      runs
        .given([requested])
        .when(complete())
        .then([{ type: 'SandboxRunCompleted', data: { ...subject, passed: false, failedChecks: ['DISPARATE_IMPACT_RATIO(sex)'], score, completedAt: at } }]));
    it('records the score of an endpoint run with the sandbox as actor', () =>
      runs
        .given([endpointRequested])
        .when(complete(SYSTEM_ACTOR, { failedChecks: [] }))
        .then([{ type: 'SandboxRunCompleted', data: { ...subject, passed: false, failedChecks: [], score, completedAt: at } }]));
    it.each([globex, registrar, SYSTEM_ACTOR])('refuses anyone but the requesting firm on an upload run (%o)', (actor) =>
      runs.given([requested]).when(complete(actor)).thenFails('SANDBOX.NOT_RUN_OWNER'),
    );
    it('refuses the firm on an endpoint run', () => runs.given([endpointRequested]).when(complete(acme)).thenFails('SANDBOX.NOT_SANDBOX'));
    it('refuses an unknown or finished run', () => {
      runs.given([]).when(complete()).thenFails('SANDBOX.RUN_NOT_FOUND');
      runs.given([requested, completed]).when(complete()).thenFails('SANDBOX.RUN_FINISHED');
    });
    it('refuses a score over another number of rows', () =>
      runs
        .given([requested])
        .when(complete(acme, { score: { ...score, rows: 999 } }))
        .thenFails('SANDBOX.WRONG_ROW_COUNT'));
  });

  describe('FailSandboxRun', () => {
    it('records why an endpoint run could not be scored', () =>
      runs
        .given([endpointRequested])
        .when(fail())
        .then([{ type: 'SandboxRunFailed', data: { ...subject, reason: 'ENDPOINT_TIMEOUT', message: 'timed out', failedAt: at } }]));
    it('refuses anyone but the sandbox, and finished or unknown runs', () => {
      runs.given([endpointRequested]).when(fail(acme)).thenFails('SANDBOX.NOT_SANDBOX');
      runs.given([]).when(fail()).thenFails('SANDBOX.RUN_NOT_FOUND');
      runs.given([endpointRequested, completed]).when(fail()).thenFails('SANDBOX.RUN_FINISHED');
    });
  });
});
