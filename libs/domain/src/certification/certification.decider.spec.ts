import { fold } from '@registry/kernel';
import { deciderSpec } from '@registry/kernel/testing/decider-spec';
import { sandboxRunDecider, testSuiteDecider, TestSuiteState } from '../sandbox/sandbox.decider';
import { SandboxRunEvent, SandboxRunRequested, TestSuiteEvent, TestSuiteParameters } from '../sandbox/sandbox.events';
import { CitedSandboxRun, IssueCertification } from './certification.commands';
import { certificationDecider } from './certification.decider';
import { CertificationEvent, CertificationIssued, citedSandboxRunIds } from './certification.events';
import { cb1, cb2, registrar, acme as firm, at } from '../testing/parties';

const digest = 'sha256:' + 'a'.repeat(64);

const issuedData: Omit<CertificationIssued['data'], 'issuedAt'> = {
  certificationId: 'cert-1',
  certifierId: 'cb-001',
  modelId: 'lendwise',
  modelVersion: '1.0',
  weightsDigest: digest,
  frameworkVersion: '0.9-draft',
  scope: { useCases: ['lending'], riskTier: 'HIGH' },
  results: [
    { requirementId: 'HK-AI-01', result: 'PASS' },
    { requirementId: 'HK-AI-02', result: 'NOT_APPLICABLE' },
  ],
  auditReportDigest: 'sha256:' + 'c'.repeat(64),
  validFrom: '2026-07-01T00:00:00.000Z',
  validUntil: '2027-07-01T00:00:00.000Z',
};
const context = { versionDigest: digest, accreditationCovers: true, requirementIds: ['HK-AI-01', 'HK-AI-02', 'HK-AI-03'] };
const issue = (over: Partial<IssueCertification['data']> = {}, actor = cb1): IssueCertification => ({
  type: 'IssueCertification',
  data: { ...issuedData, context, ...over },
  actor,
  issuedAt: at,
});
const issued: CertificationEvent = { type: 'CertificationIssued', data: { ...issuedData, issuedAt: '2026-07-01T00:00:00.000Z' } };
const suspended: CertificationEvent = {
  type: 'CertificationSuspended',
  data: { certificationId: 'cert-1', reason: 'x', suspendedAt: '2026-08-01T00:00:00.000Z' },
};
const revoked: CertificationEvent = { type: 'CertificationRevoked', data: { certificationId: 'cert-1', reason: 'x', revokedAt: '2026-09-01T00:00:00.000Z' } };
const spec = deciderSpec(certificationDecider);
const on = (type: string, data: Record<string, unknown> = {}, actor = cb1) =>
  ({ type, data: { certificationId: 'cert-1', ...data }, actor, issuedAt: at }) as never;

describe('certification decider', () => {
  describe('IssueCertification', () => {
    it('issues a certification naming the exact weights, stamped with the command time', () =>
      spec
        .given([])
        .when(issue())
        .then([{ type: 'CertificationIssued', data: { ...issuedData, issuedAt: at } }]));
    it('refuses anyone but the certifier it names', () => {
      for (const actor of [cb2, registrar, firm]) spec.given([]).when(issue({}, actor)).thenFails('CERTIFICATION.NOT_THE_CERTIFIER');
    });
    it('refuses issuing outside the accreditation at issue time', () =>
      spec
        .given([])
        .when(issue({ context: { ...context, accreditationCovers: false } }))
        .thenFails('CERTIFICATION.OUTSIDE_ACCREDITATION'));
    it('refuses a digest that is not the model version’s', () =>
      spec
        .given([])
        .when(issue({ context: { ...context, versionDigest: 'sha256:' + 'b'.repeat(64) } }))
        .thenFails('CERTIFICATION.DIGEST_MISMATCH'));
    it('refuses an unknown model version or framework version', () => {
      spec
        .given([])
        .when(issue({ context: { ...context, versionDigest: null } }))
        .thenFails('CERTIFICATION.MODEL_VERSION_NOT_FOUND');
      spec
        .given([])
        .when(issue({ context: { ...context, requirementIds: null } }))
        .thenFails('CERTIFICATION.FRAMEWORK_VERSION_NOT_FOUND');
    });
    it('refuses bad results: unknown requirement, duplicates, none', () => {
      spec
        .given([])
        .when(issue({ results: [{ requirementId: 'ART-14', result: 'PASS' }] }))
        .thenFails('CERTIFICATION.UNKNOWN_REQUIREMENT');
      spec
        .given([])
        .when(
          issue({
            results: [
              { requirementId: 'HK-AI-01', result: 'PASS' },
              { requirementId: 'HK-AI-01', result: 'PASS' },
            ],
          }),
        )
        .thenFails('CERTIFICATION.DUPLICATE_RESULT');
      spec
        .given([])
        .when(issue({ results: [] }))
        .thenFails('CERTIFICATION.NO_RESULTS');
    });
    it('refuses bad digests, windows, tiers and duplicates', () => {
      spec
        .given([])
        .when(issue({ weightsDigest: 'md5:abc' }))
        .thenFails('INPUT.INVALID_DIGEST');
      spec
        .given([])
        .when(issue({ auditReportDigest: 'nope' }))
        .thenFails('INPUT.INVALID_DIGEST');
      spec
        .given([])
        .when(issue({ validUntil: '2026-01-01T00:00:00.000Z' }))
        .thenFails('INPUT.INVALID_WINDOW');
      spec
        .given([])
        .when(issue({ scope: { useCases: ['lending'], riskTier: 'EXTREME' as never } }))
        .thenFails('CERTIFICATION.INVALID');
      spec.given([issued]).when(issue()).thenFails('CERTIFICATION.ALREADY_ISSUED');
    });
  });

  describe('lifecycle', () => {
    it('suspends, reinstates and revokes', () => {
      spec
        .given([issued])
        .when(on('SuspendCertification', { reason: 'audit finding' }))
        .then([{ type: 'CertificationSuspended', data: { certificationId: 'cert-1', reason: 'audit finding', suspendedAt: at } }]);
      spec
        .given([issued, suspended])
        .when(on('ReinstateCertification', { context: { accreditationCovers: true } }))
        .then([{ type: 'CertificationReinstated', data: { certificationId: 'cert-1', reinstatedAt: at } }]);
      spec
        .given([issued, suspended])
        .when(on('RevokeCertification', { reason: 'fraud' }))
        .then([{ type: 'CertificationRevoked', data: { certificationId: 'cert-1', reason: 'fraud', revokedAt: at } }]);
    });
    it("reinstates only within the certifier's accreditation now (a suspended or withdrawn certifier cannot restore trust)", () => {
      spec
        .given([issued, suspended])
        .when(on('ReinstateCertification', { context: { accreditationCovers: false } }))
        .thenFails('CERTIFICATION.OUTSIDE_ACCREDITATION');
    });
    it('makes revocation final', () => {
      spec
        .given([issued, revoked])
        .when(on('RevokeCertification', { reason: 'again' }))
        .thenFails('CERTIFICATION.ALREADY_REVOKED');
      spec
        .given([issued, revoked])
        .when(on('ReinstateCertification', { context: { accreditationCovers: true } }))
        .thenFails('CERTIFICATION.ALREADY_REVOKED');
      spec
        .given([issued, revoked])
        .when(on('RenewCertification', { validUntil: '2029-01-01T00:00:00.000Z', context: { accreditationCovers: true } }))
        .thenFails('CERTIFICATION.ALREADY_REVOKED');
    });
    it('refuses out-of-order steps and other actors', () => {
      spec
        .given([issued, suspended])
        .when(on('SuspendCertification', { reason: 'x' }))
        .thenFails('CERTIFICATION.NOT_ACTIVE');
      spec
        .given([issued])
        .when(on('ReinstateCertification', { context: { accreditationCovers: true } }))
        .thenFails('CERTIFICATION.NOT_SUSPENDED');
      spec
        .given([])
        .when(on('SuspendCertification', { reason: 'x' }))
        .thenFails('CERTIFICATION.NOT_FOUND');
      spec
        .given([issued])
        .when(on('SuspendCertification', { reason: 'x' }, cb2))
        .thenFails('CERTIFICATION.NOT_THE_CERTIFIER');
      spec
        .given([issued])
        .when(on('RevokeCertification', { reason: 'x' }, registrar))
        .thenFails('CERTIFICATION.NOT_THE_CERTIFIER');
      spec
        .given([issued])
        .when(on('SuspendCertification', { reason: ' ' }))
        .thenFails('CERTIFICATION.REASON_REQUIRED');
    });
    it('renews to a later validUntil within the accreditation', () => {
      spec
        .given([issued])
        .when(on('RenewCertification', { validUntil: '2028-07-01T00:00:00.000Z', context: { accreditationCovers: true } }))
        .then([{ type: 'CertificationRenewed', data: { certificationId: 'cert-1', validUntil: '2028-07-01T00:00:00.000Z', renewedAt: at } }]);
      spec
        .given([issued])
        .when(on('RenewCertification', { validUntil: '2027-01-01T00:00:00.000Z', context: { accreditationCovers: true } }))
        .thenFails('CERTIFICATION.RENEWAL_NOT_LATER');
      spec
        .given([issued])
        .when(on('RenewCertification', { validUntil: '2028-07-01T00:00:00.000Z', context: { accreditationCovers: false } }))
        .thenFails('CERTIFICATION.OUTSIDE_ACCREDITATION');
    });
    it('amends the scope and results', () => {
      const scope = { useCases: ['lending', 'hiring'], riskTier: 'HIGH' as const };
      const results = [{ requirementId: 'HK-AI-01', result: 'PASS' as const }];
      spec
        .given([issued])
        .when(on('AmendCertificationScope', { scope, results, context: { accreditationCovers: true, requirementIds: context.requirementIds } }))
        .then([{ type: 'CertificationScopeAmended', data: { certificationId: 'cert-1', scope, results, amendedAt: at } }]);
      spec
        .given([issued])
        .when(
          on('AmendCertificationScope', {
            scope: issuedData.scope,
            results: issuedData.results,
            context: { accreditationCovers: true, requirementIds: context.requirementIds },
          }),
        )
        .thenFails('CERTIFICATION.SCOPE_UNCHANGED');
      // Stored events come back with keys reordered (JSONB) and lists in any order: still no change.
      const asStored: CertificationEvent = {
        type: 'CertificationIssued',
        data: {
          ...issuedData,
          scope: { riskTier: 'HIGH', useCases: ['lending'] } as never,
          results: [...issuedData.results].reverse().map((r) => ({ result: r.result, requirementId: r.requirementId })),
          issuedAt: at,
        },
      };
      spec
        .given([asStored])
        .when(
          on('AmendCertificationScope', {
            scope: issuedData.scope,
            results: issuedData.results,
            context: { accreditationCovers: true, requirementIds: context.requirementIds },
          }),
        )
        .thenFails('CERTIFICATION.SCOPE_UNCHANGED');
      spec
        .given([issued])
        .when(
          on('AmendCertificationScope', {
            scope: { ...issuedData.scope, riskTier: 'LIMITED' },
            results: issuedData.results,
            context: { accreditationCovers: true, requirementIds: context.requirementIds },
          }),
        )
        .then([
          {
            type: 'CertificationScopeAmended',
            data: { certificationId: 'cert-1', scope: { ...issuedData.scope, riskTier: 'LIMITED' }, results: issuedData.results, amendedAt: at },
          },
        ]);
      spec
        .given([issued])
        .when(
          on('AmendCertificationScope', {
            scope: issuedData.scope,
            results: [
              { requirementId: 'HK-AI-01', result: 'PASS' },
              { requirementId: 'HK-AI-02', result: 'PASS' },
            ],
            context: { accreditationCovers: true, requirementIds: context.requirementIds },
          }),
        )
        .then([
          {
            type: 'CertificationScopeAmended',
            data: {
              certificationId: 'cert-1',
              scope: issuedData.scope,
              results: [
                { requirementId: 'HK-AI-01', result: 'PASS' },
                { requirementId: 'HK-AI-02', result: 'PASS' },
              ],
              amendedAt: at,
            },
          },
        ]);
      spec
        .given([issued])
        .when(on('AmendCertificationScope', { scope, results, context: { accreditationCovers: false, requirementIds: context.requirementIds } }))
        .thenFails('CERTIFICATION.OUTSIDE_ACCREDITATION');
    });
  });

  describe('IssueCertification citing sandbox runs', () => {
    const requested = (runId: string, over: Partial<SandboxRunRequested['data']> = {}): SandboxRunEvent => ({
      type: 'SandboxRunRequested',
      data: {
        runId,
        firmId: 'acme',
        modelId: 'lendwise',
        modelVersion: '1.0',
        weightsDigest: digest,
        suiteId: 'lending',
        suiteVersion: '2026.1',
        suiteDigest: 'sha256:' + 'e'.repeat(64),
        mode: 'UPLOAD',
        endpoint: null,
        rows: 2000,
        requestedAt: '2026-10-01T00:00:00.000Z',
        ...over,
      },
    });
    const subject = (e: SandboxRunEvent) => {
      const { mode: _m, endpoint: _e, rows: _r, requestedAt: _t, ...rest } = e.data as SandboxRunRequested['data'];
      return rest;
    };
    const completed = (request: SandboxRunEvent, passed: boolean): SandboxRunEvent => ({
      type: 'SandboxRunCompleted',
      data: {
        ...subject(request),
        passed,
        failedChecks: passed ? [] : ['DISPARATE_IMPACT_RATIO(sex)'],
        score: { rows: 2000, passed } as never,
        completedAt: '2026-10-02T00:00:00.000Z',
      },
    });
    const failed = (request: SandboxRunEvent): SandboxRunEvent => ({
      type: 'SandboxRunFailed',
      data: { ...subject(request), reason: 'ENDPOINT_TIMEOUT', message: 'timed out', failedAt: '2026-10-02T00:00:00.000Z' },
    });
    /** A suite version as the registrar published it (keyed randomness unless told otherwise). */
    const published = (
      version: string,
      effectiveFrom: string,
      over: Partial<TestSuiteParameters> = {},
      suiteId: 'lending' | 'hiring' = 'lending',
    ): TestSuiteEvent => ({
      type: 'TestSuitePublished',
      data: {
        suiteId,
        version,
        digest: 'sha256:' + version.replace(/\D/g, '').padEnd(64, 'f').slice(0, 64),
        useCases: [suiteId],
        parameters: { generatorVersion: 2, seed: 7, size: 2000, baseRate: 0.3, sexBaseRateGap: 0, thresholds: {} as never, ...over },
        effectiveFrom,
        publishedAt: effectiveFrom,
      },
    });
    const suite = (...events: TestSuiteEvent[]): TestSuiteState => fold(testSuiteDecider, events);
    /** The lending suite as it stands at the issue: 2026.1 in force since January. */
    const lendingSuite = suite(published('2026.1', '2026-01-01T00:00:00.000Z'));
    /** A cited run as the look-up reports it: its stream folded by the sandbox run decider, with its suite's stream. */
    const run = (runId: string, ...events: SandboxRunEvent[]): CitedSandboxRun => ({ runId, state: fold(sandboxRunDecider, events), suite: lendingSuite });
    const under = (cited: CitedSandboxRun, s: TestSuiteState): CitedSandboxRun => ({ ...cited, suite: s });
    const passing = (runId: string, over: Partial<SandboxRunRequested['data']> = {}) => {
      const r = requested(runId, over);
      return run(runId, r, completed(r, true));
    };
    const citing = (sandboxRunIds: string[], sandboxRuns: CitedSandboxRun[]) => issue({ sandboxRunIds, context: { ...context, sandboxRuns } });

    it('records the runs cited, in the order cited, when each passed for this model version’s exact weights', () =>
      spec
        .given([])
        .when(citing(['run-2', 'run-1'], [passing('run-1'), passing('run-2')]))
        .then([{ type: 'CertificationIssued', data: { ...issuedData, sandboxRunIds: ['run-2', 'run-1'], issuedAt: at } }]));

    it('records no field when no run is cited, as before the field existed, and folds an old event to no cited runs', () => {
      spec
        .given([])
        .when(citing([], []))
        .then([{ type: 'CertificationIssued', data: { ...issuedData, issuedAt: at } }]);
      const state = fold(certificationDecider, [issued]);
      if (state.status === 'NONE') throw new Error('expected an issued certification');
      expect(citedSandboxRunIds(state.certification)).toEqual([]);
      const citingState = fold(certificationDecider, [{ type: 'CertificationIssued', data: { ...issuedData, sandboxRunIds: ['run-1'], issuedAt: at } }]);
      if (citingState.status === 'NONE') throw new Error('expected an issued certification');
      expect(citedSandboxRunIds(citingState.certification)).toEqual(['run-1']);
    });

    it('refuses a run that does not exist (or that the look-up did not report)', () => {
      spec
        .given([])
        .when(citing(['ghost'], [run('ghost')]))
        .thenFails('CERTIFICATION.SANDBOX_RUN_NOT_FOUND');
      spec
        .given([])
        .when(citing(['run-1', 'ghost'], [passing('run-1')]))
        .thenFails('CERTIFICATION.SANDBOX_RUN_NOT_FOUND');
    });

    it('refuses a run not completed: still requested, or failed (evidence neither way)', () => {
      const r = requested('run-1');
      spec
        .given([])
        .when(citing(['run-1'], [run('run-1', r)]))
        .thenFails('CERTIFICATION.SANDBOX_RUN_NOT_COMPLETED');
      spec
        .given([])
        .when(citing(['run-1'], [run('run-1', r, failed(r))]))
        .thenFails('CERTIFICATION.SANDBOX_RUN_NOT_COMPLETED');
    });

    it('refuses a completed run that did not pass', () => {
      const r = requested('run-1');
      spec
        .given([])
        .when(citing(['run-1'], [run('run-1', r, completed(r, false))]))
        .thenFails('CERTIFICATION.SANDBOX_RUN_NOT_PASSED');
    });

    it('refuses a run of another model version or another model, before looking at its outcome', () => {
      spec
        .given([])
        .when(citing(['run-1'], [passing('run-1', { modelVersion: '2.0' })]))
        .thenFails('CERTIFICATION.SANDBOX_RUN_OTHER_MODEL_VERSION');
      spec
        .given([])
        .when(citing(['run-1'], [passing('run-1', { modelId: 'other-model' })]))
        .thenFails('CERTIFICATION.SANDBOX_RUN_OTHER_MODEL_VERSION');
      const r = requested('run-1', { modelVersion: '2.0' });
      spec
        .given([])
        .when(citing(['run-1'], [run('run-1', r, completed(r, false))]))
        .thenFails('CERTIFICATION.SANDBOX_RUN_OTHER_MODEL_VERSION');
    });

    it('refuses a run whose weights digest is not the certified one', () =>
      spec
        .given([])
        .when(citing(['run-1'], [passing('run-1', { weightsDigest: 'sha256:' + 'b'.repeat(64) })]))
        .thenFails('CERTIFICATION.SANDBOX_RUN_DIGEST_MISMATCH'));

    it('refuses a run whose suite tests none of the certified use cases (a lending run for a chatbot), whatever its outcome', () => {
      for (const useCases of [['chatbot'], ['hiring'], ['chatbot', 'hiring']])
        spec
          .given([])
          .when(issue({ scope: { useCases, riskTier: 'HIGH' }, sandboxRunIds: ['run-1'], context: { ...context, sandboxRuns: [passing('run-1')] } }))
          .thenFails('CERTIFICATION.SANDBOX_RUN_OUT_OF_SCOPE');
      const r = requested('run-1');
      spec
        .given([])
        .when(issue({ scope: { useCases: ['chatbot'], riskTier: 'HIGH' }, sandboxRunIds: ['run-1'], context: { ...context, sandboxRuns: [run('run-1', r)] } }))
        .thenFails('CERTIFICATION.SANDBOX_RUN_OUT_OF_SCOPE');
      // One run of a certified use case among several certified use cases is in scope; a hiring run for lending is not.
      const scope = { useCases: ['chatbot', 'lending'], riskTier: 'HIGH' as const };
      spec
        .given([])
        .when(issue({ scope, sandboxRunIds: ['run-1'], context: { ...context, sandboxRuns: [passing('run-1')] } }))
        .then([{ type: 'CertificationIssued', data: { ...issuedData, scope, sandboxRunIds: ['run-1'], issuedAt: at } }]);
      spec
        .given([])
        .when(
          citing(
            ['run-1', 'run-2'],
            [passing('run-1'), under(passing('run-2', { suiteId: 'hiring' }), suite(published('2026.1', '2026-01-01T00:00:00.000Z', {}, 'hiring')))],
          ),
        )
        .thenFails('CERTIFICATION.SANDBOX_RUN_OUT_OF_SCOPE');
    });

    it('refuses a run under a suite version not in force at the issue: superseded, not yet in force, or unknown to the suite', () => {
      const superseded = suite(published('2026.1', '2026-01-01T00:00:00.000Z'), published('2026.2', '2026-10-01T00:00:00.000Z'));
      spec
        .given([])
        .when(citing(['run-1'], [under(passing('run-1'), superseded)]))
        .thenFails('CERTIFICATION.SANDBOX_RUN_SUITE_NOT_IN_FORCE');
      // The newer version is published but takes effect after the issue: 2026.1 is still the one in force.
      const announced = suite(published('2026.1', '2026-01-01T00:00:00.000Z'), published('2026.2', '2027-01-01T00:00:00.000Z'));
      spec
        .given([])
        .when(citing(['run-1'], [under(passing('run-1'), announced)]))
        .then([{ type: 'CertificationIssued', data: { ...issuedData, sandboxRunIds: ['run-1'], issuedAt: at } }]);
      spec
        .given([])
        .when(citing(['run-1'], [under(passing('run-1', { suiteVersion: '2026.2' }), announced)]))
        .thenFails('CERTIFICATION.SANDBOX_RUN_SUITE_NOT_IN_FORCE');
      for (const s of [suite(), suite(published('2025.9', '2025-01-01T00:00:00.000Z')), suite(published('2026.1', '2026-01-01T00:00:00.000Z', {}, 'hiring'))])
        spec
          .given([])
          .when(citing(['run-1'], [under(passing('run-1'), s)]))
          .thenFails('CERTIFICATION.SANDBOX_RUN_SUITE_NOT_IN_FORCE');
      // Before its outcome: a failed run under a superseded version is refused for the version.
      const r = requested('run-1');
      spec
        .given([])
        .when(citing(['run-1'], [under(run('run-1', r, completed(r, false)), superseded)]))
        .thenFails('CERTIFICATION.SANDBOX_RUN_SUITE_NOT_IN_FORCE');
    });

    it('refuses a run under a suite version generated with public randomness (generator 1), even while it is in force', () => {
      for (const legacy of [{ generatorVersion: 1 as const }, { generatorVersion: undefined }]) {
        spec
          .given([])
          .when(citing(['run-1'], [under(passing('run-1'), suite(published('2026.1', '2026-01-01T00:00:00.000Z', legacy)))]))
          .thenFails('CERTIFICATION.SANDBOX_RUN_PUBLIC_RANDOMNESS');
        const replaced = suite(published('2026.1', '2026-01-01T00:00:00.000Z', legacy), published('2026.2', '2026-10-01T00:00:00.000Z'));
        spec
          .given([])
          .when(citing(['run-1'], [under(passing('run-1'), replaced)]))
          .thenFails('CERTIFICATION.SANDBOX_RUN_PUBLIC_RANDOMNESS');
        spec
          .given([])
          .when(citing(['run-1'], [under(passing('run-1', { suiteVersion: '2026.2' }), replaced)]))
          .then([{ type: 'CertificationIssued', data: { ...issuedData, sandboxRunIds: ['run-1'], issuedAt: at } }]);
      }
    });

    it('refuses a run cited twice, more than ten runs and ids that are no run id, before looking anything up', () => {
      spec
        .given([])
        .when(citing(['run-1', 'run-1'], [passing('run-1')]))
        .thenFails('CERTIFICATION.DUPLICATE_SANDBOX_RUN');
      const eleven = Array.from({ length: 11 }, (_, i) => `run-${i}`);
      spec
        .given([])
        .when(
          citing(
            eleven,
            eleven.map((id) => passing(id)),
          ),
        )
        .thenFails('CERTIFICATION.INVALID');
      const ten = eleven.slice(0, 10);
      spec
        .given([])
        .when(
          citing(
            ten,
            ten.map((id) => passing(id)),
          ),
        )
        .then([{ type: 'CertificationIssued', data: { ...issuedData, sandboxRunIds: ten, issuedAt: at } }]);
      for (const bad of ['', 'run\u00001', 'r'.repeat(65), '../run', 'run 1', 42 as never])
        spec
          .given([])
          .when(citing([bad], []))
          .thenFails('CERTIFICATION.INVALID');
      spec
        .given([])
        .when(issue({ sandboxRunIds: 'run-1' as never }))
        .thenFails('CERTIFICATION.INVALID');
    });

    it('still refuses anyone but the certifier first, and a cited run does not lift the accreditation rule', () => {
      spec
        .given([])
        .when({ ...citing(['ghost'], []), actor: cb2 })
        .thenFails('CERTIFICATION.NOT_THE_CERTIFIER');
      spec
        .given([])
        .when(issue({ sandboxRunIds: ['run-1'], context: { ...context, accreditationCovers: false, sandboxRuns: [passing('run-1')] } }))
        .thenFails('CERTIFICATION.OUTSIDE_ACCREDITATION');
    });
  });
});
