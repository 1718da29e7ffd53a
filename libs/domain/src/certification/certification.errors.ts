import { badInput, conflict, forbidden, notFound } from '@registry/kernel';

export const CertificationErrors = {
  notTheCertifier: (certifierId: string) =>
    forbidden('CERTIFICATION.NOT_THE_CERTIFIER', `Only certifier ${certifierId} may issue or maintain this certification.`, { certifierId }),
  outsideAccreditation: () =>
    forbidden('CERTIFICATION.OUTSIDE_ACCREDITATION', "The certifier's accreditation does not cover this framework version and scope at this time."),
  alreadyIssued: (id: string) => conflict('CERTIFICATION.ALREADY_ISSUED', `Certification ${id} already exists.`, { certificationId: id }),
  notFound: (id: string) => notFound('CERTIFICATION.NOT_FOUND', `Certification ${id} does not exist.`, { certificationId: id }),
  modelVersionNotFound: () => notFound('CERTIFICATION.MODEL_VERSION_NOT_FOUND', 'The model version named is not registered.', { field: 'modelVersion' }),
  digestMismatch: () =>
    conflict(
      'CERTIFICATION.DIGEST_MISMATCH',
      "weightsDigest is not the registered model version's digest: a certification names the exact weights it certifies.",
      {
        field: 'weightsDigest',
      },
    ),
  frameworkVersionNotFound: (version: string) =>
    notFound('CERTIFICATION.FRAMEWORK_VERSION_NOT_FOUND', `HK-AI version ${version} is not published.`, { field: 'frameworkVersion' }),
  unknownRequirement: (id: string) =>
    badInput('CERTIFICATION.UNKNOWN_REQUIREMENT', `Requirement ${id} is not part of that HK-AI version.`, { field: 'results', requirementId: id }),
  duplicateResult: (id: string) => badInput('CERTIFICATION.DUPLICATE_RESULT', `Requirement ${id} has two results.`, { field: 'results', requirementId: id }),
  noResults: () => badInput('CERTIFICATION.NO_RESULTS', 'A certification records at least one requirement result.', { field: 'results' }),
  alreadyRevoked: (id: string) => conflict('CERTIFICATION.ALREADY_REVOKED', `Certification ${id} is revoked; that is final.`, { certificationId: id }),
  notActive: (id: string, status: string) =>
    conflict('CERTIFICATION.NOT_ACTIVE', `Certification ${id} is ${status}, not active.`, { certificationId: id, status }),
  notSuspended: (id: string, status: string) =>
    conflict('CERTIFICATION.NOT_SUSPENDED', `Certification ${id} is ${status}, not suspended.`, { certificationId: id, status }),
  renewalNotLater: () => badInput('CERTIFICATION.RENEWAL_NOT_LATER', 'A renewal must move validUntil later.', { field: 'validUntil' }),
  scopeUnchanged: () => conflict('CERTIFICATION.SCOPE_UNCHANGED', 'The amended scope and results equal the current ones.'),
  reasonRequired: () => badInput('CERTIFICATION.REASON_REQUIRED', 'A reason is required.', { field: 'reason' }),
  invalid: (field: string, message: string) => badInput('CERTIFICATION.INVALID', message, { field }),
  duplicateSandboxRun: (runId: string) =>
    badInput('CERTIFICATION.DUPLICATE_SANDBOX_RUN', `Sandbox run ${runId} is cited twice.`, { field: 'sandboxRunIds', runId }),
  sandboxRunNotFound: (runId: string) =>
    notFound('CERTIFICATION.SANDBOX_RUN_NOT_FOUND', `Sandbox run ${runId} does not exist.`, { field: 'sandboxRunIds', runId }),
  sandboxRunOtherModelVersion: (runId: string, modelId: string, modelVersion: string) =>
    conflict('CERTIFICATION.SANDBOX_RUN_OTHER_MODEL_VERSION', `Sandbox run ${runId} tested ${modelId} ${modelVersion}, not the model version certified.`, {
      field: 'sandboxRunIds',
      runId,
      modelId,
      modelVersion,
    }),
  sandboxRunDigestMismatch: (runId: string) =>
    conflict('CERTIFICATION.SANDBOX_RUN_DIGEST_MISMATCH', `Sandbox run ${runId} tested other weights than the weightsDigest certified.`, {
      field: 'sandboxRunIds',
      runId,
    }),
  sandboxRunNotCompleted: (runId: string, status: string) =>
    conflict('CERTIFICATION.SANDBOX_RUN_NOT_COMPLETED', `Sandbox run ${runId} is ${status}, not completed: it is evidence of nothing yet.`, {
      field: 'sandboxRunIds',
      runId,
      status,
    }),
  sandboxRunOutOfScope: (runId: string, suiteId: string, suiteUseCases: readonly string[]) =>
    conflict(
      'CERTIFICATION.SANDBOX_RUN_OUT_OF_SCOPE',
      `Sandbox run ${runId} ran the ${suiteId} suite, which tests ${suiteUseCases.join(', ')}: none of the certification's use cases.`,
      { field: 'sandboxRunIds', runId, suiteId, suiteUseCases: [...suiteUseCases] },
    ),
  sandboxRunSuiteNotInForce: (runId: string, suiteId: string, suiteVersion: string, inForce: string | null) =>
    conflict(
      'CERTIFICATION.SANDBOX_RUN_SUITE_NOT_IN_FORCE',
      `Sandbox run ${runId} ran ${suiteId} suite version ${suiteVersion}, not the version in force at the issue` +
        (inForce === null ? ' (none is).' : ` (${inForce}).`),
      { field: 'sandboxRunIds', runId, suiteId, suiteVersion, inForce },
    ),
  sandboxRunPublicRandomness: (runId: string, suiteId: string, suiteVersion: string) =>
    conflict(
      'CERTIFICATION.SANDBOX_RUN_PUBLIC_RANDOMNESS',
      `Sandbox run ${runId} ran ${suiteId} suite version ${suiteVersion}, generated with public randomness (generator 1): ` +
        'anyone could compute its labels, so passing it proves nothing.',
      { field: 'sandboxRunIds', runId, suiteId, suiteVersion },
    ),
  sandboxRunNotPassed: (runId: string) =>
    conflict('CERTIFICATION.SANDBOX_RUN_NOT_PASSED', `Sandbox run ${runId} failed its threshold checks; only a passing run can be cited.`, {
      field: 'sandboxRunIds',
      runId,
    }),
};
