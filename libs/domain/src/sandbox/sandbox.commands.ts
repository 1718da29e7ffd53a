import type { SandboxScore } from '@registry/sandbox/metrics';
import type { SuiteKind } from '@registry/sandbox/suites';
import { DomainCommand } from '../shared/command';
import { SandboxRunMode, TestSuiteParameters } from './sandbox.events';

/** `context.digest`: the content address the sandbox computed from the parameters (the shell computes it). */
export type PublishTestSuite = DomainCommand<
  'PublishTestSuite',
  { suiteId: string; version: string; parameters: TestSuiteParameters; effectiveFrom: string | null; context: { digest: string } }
>;

export type TestSuiteCommand = PublishTestSuite;

/** A suite version as the shell found it (null: no such suite or version). */
export interface RunSuiteContext {
  readonly suiteId: SuiteKind;
  readonly version: string;
  readonly digest: string;
  readonly size: number;
}

/**
 * Facts looked up by the shell: the model's owner (null: no such model), the version's registered digest
 * (null: no such version), the suite version the run is against (null: no such suite / version).
 */
export interface RunContext {
  readonly ownerFirmId: string | null;
  readonly versionDigest: string | null;
  readonly suite: RunSuiteContext | null;
  /**
   * Runs this model version has already requested against the suite version in force (any status: requested,
   * completed or failed), read through the decision's reader so a concurrent request makes the append re-decide;
   * and the cap (SANDBOX_MAX_RUNS_PER_VERSION).
   */
  readonly runsOfSuiteVersion: number;
  readonly maxRunsPerSuiteVersion: number;
}

export type RequestSandboxRun = DomainCommand<
  'RequestSandboxRun',
  {
    runId: string;
    modelId: string;
    modelVersion: string;
    weightsDigest: string;
    suiteId: string;
    mode: SandboxRunMode;
    endpoint: string | null;
    context: RunContext;
  }
>;
export type CompleteSandboxRun = DomainCommand<'CompleteSandboxRun', { runId: string; score: SandboxScore; failedChecks: readonly string[] }>;
export type FailSandboxRun = DomainCommand<'FailSandboxRun', { runId: string; reason: string; message: string }>;

export type SandboxRunCommand = RequestSandboxRun | CompleteSandboxRun | FailSandboxRun;
