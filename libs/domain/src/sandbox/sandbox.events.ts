import { DomainEvent, streamName } from '@registry/kernel';
import type { SandboxScore } from '@registry/sandbox/metrics';
import type { GeneratorVersion, SuiteKind, SuiteThresholds } from '@registry/sandbox/suites';
import { Instant, UseCase, WeightsDigest } from '../shared/values';

/**
 * What a registrar chose for a suite version; the rows follow from it (libs/sandbox) and, for generator version 2,
 * from the suite key the registry derives from its sandbox secret (never in an event).
 */
export interface TestSuiteParameters {
  /**
   * Absent on versions published before it existed: those are generator version 1, whose randomness anyone can
   * recompute from these parameters. Every new version is 2 (keyed).
   */
  readonly generatorVersion?: GeneratorVersion;
  readonly seed: number;
  readonly size: number;
  readonly baseRate: number;
  readonly sexBaseRateGap: number;
  readonly thresholds: SuiteThresholds;
}

/**
 * A version of a sandbox test suite, published by the registrar. `digest` is its content address: the
 * SHA-256 of the canonical definition and every generated row (computed by the sandbox; for generator version 1
 * anyone can recompute it from the parameters, for version 2 whoever holds the suite key). From `effectiveFrom` it
 * is the version in force for its use cases.
 */
export type TestSuitePublished = DomainEvent<
  'TestSuitePublished',
  {
    suiteId: SuiteKind;
    version: string;
    digest: string;
    useCases: readonly UseCase[];
    parameters: TestSuiteParameters;
    effectiveFrom: Instant;
    publishedAt: Instant;
  }
>;

export type TestSuiteEvent = TestSuitePublished;

export type SandboxRunMode = 'UPLOAD' | 'ENDPOINT';

/** The identity of a run: who runs which model version's exact weights against which suite version. */
export interface SandboxRunSubject {
  runId: string;
  firmId: string;
  modelId: string;
  modelVersion: string;
  weightsDigest: WeightsDigest;
  suiteId: SuiteKind;
  suiteVersion: string;
  suiteDigest: string;
}

/** A firm asks the sandbox to test one of its model versions (the weights digest must be the version's). */
export type SandboxRunRequested = DomainEvent<
  'SandboxRunRequested',
  SandboxRunSubject & { mode: SandboxRunMode; endpoint: string | null; rows: number; requestedAt: Instant }
>;

/**
 * The sandbox scored every row: every metric, each threshold's outcome, and whether the run passed. Recorded
 * with the firm (upload mode: the firm's submission is the command) or the sandbox (endpoint mode) as actor.
 */
export type SandboxRunCompleted = DomainEvent<
  'SandboxRunCompleted',
  SandboxRunSubject & { passed: boolean; failedChecks: readonly string[]; score: SandboxScore; completedAt: Instant }
>;

/** The run could not be scored (the firm's endpoint failed, timed out, answered wrongly): no verdict either way. */
export type SandboxRunFailed = DomainEvent<'SandboxRunFailed', SandboxRunSubject & { reason: string; message: string; failedAt: Instant }>;

export type SandboxRunEvent = SandboxRunRequested | SandboxRunCompleted | SandboxRunFailed;

export const testSuiteStreamId = (suiteId: string) => streamName('test-suite', suiteId);
export const sandboxRunStreamId = (runId: string) => streamName('sandbox-run', runId);

export const SUITE_VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
export const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const ENDPOINT_MAX = 2000;
