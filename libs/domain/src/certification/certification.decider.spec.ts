import { deciderSpec } from '@registry/kernel/testing/decider-spec';
import { IssueCertification } from './certification.commands';
import { certificationDecider } from './certification.decider';
import { CertificationEvent, CertificationIssued } from './certification.events';
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
});
