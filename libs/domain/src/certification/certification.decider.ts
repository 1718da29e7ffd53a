import { assertNever, Decider } from '@registry/kernel';
import { assertDigest, assertUseCases, assertWindow, Instant, isBefore, RISK_TIERS, toTime } from '../shared/values';
import { generatorVersionOf, PUBLIC_RANDOMNESS_GENERATOR_VERSION } from '@registry/sandbox/suites';
import { SUITE_USE_CASES, suiteVersionInForce } from '../sandbox/sandbox.decider';
import { RUN_ID } from '../sandbox/sandbox.events';
import { CertificationCommand, CitedSandboxRun } from './certification.commands';
import { CertificationErrors } from './certification.errors';
import {
  CERTIFICATION_ID,
  CertificationEvent,
  CertificationIssued,
  CertificationScope,
  MAX_CITED_SANDBOX_RUNS,
  RequirementResult,
} from './certification.events';

type Issued = CertificationIssued['data'];

/**
 * Lifecycle: ACTIVE ⇄ SUSPENDED → REVOKED (final). Expiry is not a state: it is derived from validUntil
 * at whatever instant the question is asked.
 */
export type CertificationState =
  | { readonly status: 'NONE' }
  | {
      readonly status: 'ACTIVE' | 'SUSPENDED' | 'REVOKED';
      readonly certification: Issued;
      /** The current suspension (null unless SUSPENDED). */
      readonly suspension: Lapse | null;
      /** Set once REVOKED. */
      readonly revocation: Lapse | null;
    };

export interface Lapse {
  readonly at: Instant;
  readonly reason: string;
}

const checkScopeAndResults = (scope: CertificationScope, results: readonly RequirementResult[], requirementIds: readonly string[]) => {
  assertUseCases('scope.useCases', scope.useCases);
  if (!RISK_TIERS.includes(scope.riskTier)) throw CertificationErrors.invalid('scope.riskTier', `riskTier must be one of ${RISK_TIERS.join(', ')}`);
  if (results.length === 0) throw CertificationErrors.noResults();
  const seen = new Set<string>();
  for (const r of results) {
    if (!requirementIds.includes(r.requirementId)) throw CertificationErrors.unknownRequirement(r.requirementId);
    if (seen.has(r.requirementId)) throw CertificationErrors.duplicateResult(r.requirementId);
    if (r.result !== 'PASS' && r.result !== 'NOT_APPLICABLE') throw CertificationErrors.invalid('results', 'result must be PASS or NOT_APPLICABLE');
    seen.add(r.requirementId);
  }
};

/** The cited ids' shape: at most MAX_CITED_SANDBOX_RUNS run ids, none twice. */
const checkSandboxRunIds = (ids: readonly string[]) => {
  if (!Array.isArray(ids)) throw CertificationErrors.invalid('sandboxRunIds', 'sandboxRunIds must be a list');
  if (ids.length > MAX_CITED_SANDBOX_RUNS)
    throw CertificationErrors.invalid('sandboxRunIds', `sandboxRunIds must name at most ${MAX_CITED_SANDBOX_RUNS} sandbox runs`);
  const seen = new Set<string>();
  for (const id of ids) {
    if (typeof id !== 'string' || !RUN_ID.test(id))
      throw CertificationErrors.invalid('sandboxRunIds', 'each sandbox run id must be 1 to 64 letters, digits, dots, dashes or underscores');
    if (seen.has(id)) throw CertificationErrors.duplicateSandboxRun(id);
    seen.add(id);
  }
};

/**
 * Each cited run must be evidence for exactly what is certified. Identity first (the run exists, tested this model
 * version, with these weights), then what it tested (a suite of one of the certified use cases, under the suite
 * version in force at the issue, one whose labels were not public), then outcome (completed, passed): a run of other
 * weights, of another use case or under a test anyone could pass is no evidence about these whatever its outcome. A
 * run the look-up did not report counts as unknown.
 */
const checkCitedSandboxRuns = (
  ids: readonly string[],
  runs: readonly CitedSandboxRun[],
  certified: { modelId: string; modelVersion: string; weightsDigest: string; scope: CertificationScope },
  at: Instant,
) => {
  for (const runId of ids) {
    const cited = runs.find((r) => r.runId === runId);
    const state = cited?.state ?? { status: 'NONE' };
    if (state.status === 'NONE') throw CertificationErrors.sandboxRunNotFound(runId);
    const { run } = state;
    if (run.modelId !== certified.modelId || run.modelVersion !== certified.modelVersion)
      throw CertificationErrors.sandboxRunOtherModelVersion(runId, run.modelId, run.modelVersion);
    if (run.weightsDigest !== certified.weightsDigest) throw CertificationErrors.sandboxRunDigestMismatch(runId);
    const tests = SUITE_USE_CASES[run.suiteId] ?? [];
    if (!certified.scope.useCases.some((u) => tests.includes(u))) throw CertificationErrors.sandboxRunOutOfScope(runId, run.suiteId, tests);
    checkRunSuite(runId, run, cited?.suite ?? { status: 'NONE' }, at);
    if (state.status !== 'COMPLETED') throw CertificationErrors.sandboxRunNotCompleted(runId, state.status);
    if (!state.passed) throw CertificationErrors.sandboxRunNotPassed(runId);
  }
};

/**
 * The run's suite version must be one a pass means something under: generated with keyed randomness (a version-1
 * suite's labels can be recomputed by anyone from its published parameters), and the version of its suite in force at
 * the issue (a superseded version is one the registrar replaced; the verdict no longer counts it either). A version
 * the suite's stream does not hold cannot be judged, so it is not in force.
 */
const checkRunSuite = (runId: string, run: { suiteId: string; suiteVersion: string }, suite: CitedSandboxRun['suite'], at: Instant) => {
  const versions = suite.status === 'PUBLISHED' && suite.suiteId === run.suiteId ? suite.versions : [];
  const inForce = suiteVersionInForce(versions, at)?.version ?? null;
  const version = versions.find((v) => v.version === run.suiteVersion);
  if (!version) throw CertificationErrors.sandboxRunSuiteNotInForce(runId, run.suiteId, run.suiteVersion, inForce);
  if (generatorVersionOf(version.parameters) === PUBLIC_RANDOMNESS_GENERATOR_VERSION)
    throw CertificationErrors.sandboxRunPublicRandomness(runId, run.suiteId, run.suiteVersion);
  if (inForce !== run.suiteVersion) throw CertificationErrors.sandboxRunSuiteNotInForce(runId, run.suiteId, run.suiteVersion, inForce);
};

/**
 * Whether an amendment changes nothing: the same risk tier, the same set of use cases and the same outcome per
 * requirement. Compared by meaning, not by serialisation: stored events come back from JSONB with their keys
 * reordered, and the order of use cases or results carries no meaning.
 */
const sameScopeAndResults = (
  a: { scope: CertificationScope; results: readonly RequirementResult[] },
  b: { scope: CertificationScope; results: readonly RequirementResult[] },
) => {
  const sameSet = (x: readonly string[], y: readonly string[]) => x.length === y.length && new Set([...x, ...y]).size === new Set(x).size;
  const outcomes = (rs: readonly RequirementResult[]) => rs.map((r) => `${r.requirementId}=${r.result}`);
  return a.scope.riskTier === b.scope.riskTier && sameSet(a.scope.useCases, b.scope.useCases) && sameSet(outcomes(a.results), outcomes(b.results));
};

export const certificationDecider: Decider<CertificationCommand, CertificationEvent, CertificationState> = {
  initialState: () => ({ status: 'NONE' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'CertificationIssued':
        return { status: 'ACTIVE', certification: event.data, suspension: null, revocation: null };
      case 'CertificationSuspended':
        return state.status === 'ACTIVE' ? { ...state, status: 'SUSPENDED', suspension: { at: event.data.suspendedAt, reason: event.data.reason } } : state;
      case 'CertificationReinstated':
        return state.status === 'SUSPENDED' ? { ...state, status: 'ACTIVE', suspension: null } : state;
      case 'CertificationRevoked':
        return state.status === 'NONE'
          ? state
          : { ...state, status: 'REVOKED', suspension: null, revocation: { at: event.data.revokedAt, reason: event.data.reason } };
      case 'CertificationRenewed':
        return state.status === 'NONE' ? state : { ...state, certification: { ...state.certification, validUntil: event.data.validUntil } };
      case 'CertificationScopeAmended':
        return state.status === 'NONE' ? state : { ...state, certification: { ...state.certification, scope: event.data.scope, results: event.data.results } };
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    const { certificationId } = command.data;
    if (command.type === 'IssueCertification') {
      const { context, sandboxRunIds = [], ...d } = command.data;
      if (!(command.actor.role === 'CERTIFIER' && command.actor.scope === d.certifierId)) throw CertificationErrors.notTheCertifier(d.certifierId);
      if (state.status !== 'NONE') throw CertificationErrors.alreadyIssued(certificationId);
      if (!CERTIFICATION_ID.test(certificationId))
        throw CertificationErrors.invalid('certificationId', 'certificationId must be 2 to 64 lowercase letters, digits or dashes');
      assertDigest('weightsDigest', d.weightsDigest);
      assertDigest('auditReportDigest', d.auditReportDigest);
      assertWindow('validFrom', d.validFrom, 'validUntil', d.validUntil);
      checkSandboxRunIds(sandboxRunIds);
      if (context.versionDigest === null) throw CertificationErrors.modelVersionNotFound();
      if (context.versionDigest !== d.weightsDigest) throw CertificationErrors.digestMismatch();
      if (context.requirementIds === null) throw CertificationErrors.frameworkVersionNotFound(d.frameworkVersion);
      checkScopeAndResults(d.scope, d.results, context.requirementIds);
      checkCitedSandboxRuns(sandboxRunIds, context.sandboxRuns ?? [], d, command.issuedAt);
      if (!context.accreditationCovers) throw CertificationErrors.outsideAccreditation();
      // The field only when runs are cited: an issue citing none is recorded exactly as before the field existed.
      const cited = sandboxRunIds.length > 0 ? { sandboxRunIds: [...sandboxRunIds] } : {};
      return [{ type: 'CertificationIssued', data: { ...d, ...cited, issuedAt: command.issuedAt } }];
    }

    if (state.status === 'NONE') throw CertificationErrors.notFound(certificationId);
    const { certifierId } = state.certification;
    if (!(command.actor.role === 'CERTIFIER' && command.actor.scope === certifierId)) throw CertificationErrors.notTheCertifier(certifierId);
    if (state.status === 'REVOKED') throw CertificationErrors.alreadyRevoked(certificationId);

    switch (command.type) {
      case 'SuspendCertification':
        if (state.status !== 'ACTIVE') throw CertificationErrors.notActive(certificationId, state.status);
        if (!command.data.reason.trim()) throw CertificationErrors.reasonRequired();
        return [{ type: 'CertificationSuspended', data: { certificationId, reason: command.data.reason, suspendedAt: command.issuedAt } }];
      case 'ReinstateCertification':
        if (state.status !== 'SUSPENDED') throw CertificationErrors.notSuspended(certificationId, state.status);
        if (!command.data.context.accreditationCovers) throw CertificationErrors.outsideAccreditation();
        return [{ type: 'CertificationReinstated', data: { certificationId, reinstatedAt: command.issuedAt } }];
      case 'RevokeCertification':
        if (!command.data.reason.trim()) throw CertificationErrors.reasonRequired();
        return [{ type: 'CertificationRevoked', data: { certificationId, reason: command.data.reason, revokedAt: command.issuedAt } }];
      case 'RenewCertification': {
        const { validUntil, context } = command.data;
        if (Number.isNaN(toTime(validUntil))) throw CertificationErrors.invalid('validUntil', 'validUntil must be an ISO-8601 instant');
        if (!isBefore(state.certification.validUntil, validUntil)) throw CertificationErrors.renewalNotLater();
        if (!context.accreditationCovers) throw CertificationErrors.outsideAccreditation();
        return [{ type: 'CertificationRenewed', data: { certificationId, validUntil, renewedAt: command.issuedAt } }];
      }
      case 'AmendCertificationScope': {
        const { scope, results, context } = command.data;
        if (context.requirementIds === null) throw CertificationErrors.frameworkVersionNotFound(state.certification.frameworkVersion);
        checkScopeAndResults(scope, results, context.requirementIds);
        if (sameScopeAndResults({ scope, results }, state.certification)) throw CertificationErrors.scopeUnchanged();
        if (!context.accreditationCovers) throw CertificationErrors.outsideAccreditation();
        return [{ type: 'CertificationScopeAmended', data: { certificationId, scope, results, amendedAt: command.issuedAt } }];
      }
      default:
        return assertNever(command);
    }
  },
};

export type CertificationStanding = 'ACTIVE' | 'SUSPENDED' | 'REVOKED' | 'EXPIRED';

/**
 * How a certification stands at an instant. Revocation is final and shown first; past validUntil it is
 * EXPIRED (whether or not it was also suspended): expiry is derived, never recorded.
 */
export const certificationStandingAt = (state: Exclude<CertificationState, { status: 'NONE' }>, at: Instant): CertificationStanding => {
  if (state.status === 'REVOKED') return 'REVOKED';
  if (!isBefore(at, state.certification.validUntil)) return 'EXPIRED';
  return state.status;
};
