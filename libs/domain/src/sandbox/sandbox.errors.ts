import { badInput, conflict, forbidden, notFound } from '@registry/kernel';

export const SandboxErrors = {
  notRegistrar: () => forbidden('SANDBOX.NOT_REGISTRAR', 'Only the registrar publishes sandbox test suites.'),
  unknownSuite: (suiteId: string) =>
    notFound('SANDBOX.UNKNOWN_SUITE', `There is no sandbox suite ${JSON.stringify(suiteId.slice(0, 40))}.`, { suiteId: suiteId.slice(0, 40) }),
  suiteNotPublished: (suiteId: string) => notFound('SANDBOX.SUITE_NOT_PUBLISHED', `No version of the ${suiteId} suite is in force.`, { suiteId }),
  versionExists: (suiteId: string, version: string) =>
    conflict('SANDBOX.SUITE_VERSION_EXISTS', `Version ${version} of the ${suiteId} suite is already published.`, { suiteId, version }),
  unchanged: (suiteId: string, version: string) =>
    conflict('SANDBOX.SUITE_UNCHANGED', `These parameters generate version ${version} of the ${suiteId} suite again (same digest).`, { suiteId, version }),
  invalid: (field: string, message: string) => badInput('SANDBOX.INVALID', message, { field }),
  effectiveBeforePrevious: () => badInput('SANDBOX.INVALID', 'effectiveFrom must not be before the previous version’s.', { field: 'effectiveFrom' }),
  modelVersionNotFound: (modelId: string, version: string) =>
    notFound('SANDBOX.MODEL_VERSION_NOT_FOUND', `Model ${modelId} has no version ${version}.`, { modelId, version }),
  notModelOwner: () => forbidden('SANDBOX.NOT_MODEL_OWNER', 'Only the firm owning the model version may run it in the sandbox.'),
  weightsDigestMismatch: (modelId: string, version: string) =>
    badInput('SANDBOX.WEIGHTS_DIGEST_MISMATCH', `The weights digest is not the one registered for ${modelId} ${version}.`, { field: 'weightsDigest' }),
  runExists: (runId: string) => conflict('SANDBOX.RUN_EXISTS', `Run ${runId} already exists.`, { runId }),
  runNotFound: (runId: string) => notFound('SANDBOX.RUN_NOT_FOUND', `There is no sandbox run ${JSON.stringify(runId.slice(0, 64))}.`),
  runFinished: (runId: string) => conflict('SANDBOX.RUN_FINISHED', `Run ${runId} is already finished.`, { runId }),
  notRunOwner: () => forbidden('SANDBOX.NOT_RUN_OWNER', 'Only the firm that requested the run may submit its predictions.'),
  wrongMode: (runId: string, mode: string) => conflict('SANDBOX.WRONG_MODE', `Run ${runId} is in ${mode} mode.`, { runId, mode }),
  notSandbox: () => forbidden('SANDBOX.NOT_SANDBOX', 'Only the sandbox itself records the outcome of an endpoint run.'),
  tooManyRuns: (modelId: string, version: string, suiteId: string, suiteVersion: string, max: number) =>
    conflict(
      'SANDBOX.TOO_MANY_RUNS',
      `Model ${modelId} ${version} has used its ${max} runs against version ${suiteVersion} of the ${suiteId} suite (each run's scores say something of the hidden labels).`,
      { modelId, version, suiteId, suiteVersion, max },
    ),
  wrongRowCount: (expected: number, got: number) =>
    badInput('SANDBOX.WRONG_ROW_COUNT', `The suite has ${expected} rows; ${got} were scored.`, { expected, got }),
};
