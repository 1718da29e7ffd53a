import { deciderSpec } from '@registry/kernel/testing/decider-spec';
import { AccreditCertifier } from './certifier.commands';
import { accreditationCovers, certifierDecider } from './certifier.decider';
import { CertifierEvent } from './certifier.events';
import { fold } from '@registry/kernel';
import { registrar, cb1 as certifier, at } from '../testing/parties';

const accreditation = {
  certifierId: 'cb-001',
  name: 'HK Certification Body One',
  scope: { frameworkVersions: ['0.9-draft'], useCases: ['lending', 'hiring'] },
  validFrom: '2026-01-01T00:00:00.000Z',
  validUntil: '2028-01-01T00:00:00.000Z',
};
const accredited: CertifierEvent = { type: 'CertifierAccredited', data: { ...accreditation, accreditedAt: '2026-01-01T00:00:00.000Z' } };
const suspended: CertifierEvent = { type: 'AccreditationSuspended', data: { certifierId: 'cb-001', reason: 'audit', suspendedAt: '2026-06-01T00:00:00.000Z' } };
const reinstated: CertifierEvent = { type: 'AccreditationReinstated', data: { certifierId: 'cb-001', reinstatedAt: '2026-07-01T00:00:00.000Z' } };
const withdrawn: CertifierEvent = { type: 'AccreditationWithdrawn', data: { certifierId: 'cb-001', reason: 'fraud', withdrawnAt: '2026-09-01T00:00:00.000Z' } };

const spec = deciderSpec(certifierDecider);
const accredit = (over: Partial<AccreditCertifier['data']> = {}, actor = registrar): AccreditCertifier => ({
  type: 'AccreditCertifier',
  data: { ...accreditation, ...over },
  actor,
  issuedAt: at,
});
const simple = (type: 'SuspendAccreditation' | 'ReinstateAccreditation' | 'WithdrawAccreditation', actor = registrar, reason = 'because') =>
  ({ type, data: type === 'ReinstateAccreditation' ? { certifierId: 'cb-001' } : { certifierId: 'cb-001', reason }, actor, issuedAt: at }) as never;

describe('certifier decider', () => {
  it('accredits a certifier for a scope and a validity window', () =>
    spec
      .given([])
      .when(accredit())
      .then([{ type: 'CertifierAccredited', data: { ...accreditation, accreditedAt: at } }]));
  it('refuses anyone but the registrar, for every command', () => {
    spec.given([]).when(accredit({}, certifier)).thenFails('CERTIFIER.REGISTRAR_ONLY');
    spec.given([accredited]).when(simple('SuspendAccreditation', certifier)).thenFails('CERTIFIER.REGISTRAR_ONLY');
  });
  it('refuses accrediting twice', () => spec.given([accredited]).when(accredit()).thenFails('CERTIFIER.ALREADY_ACCREDITED'));
  it('refuses an empty scope, a bad id and an inverted window', () => {
    spec
      .given([])
      .when(accredit({ scope: { frameworkVersions: [], useCases: ['lending'] } }))
      .thenFails('CERTIFIER.INVALID');
    spec
      .given([])
      .when(accredit({ scope: { frameworkVersions: ['0.9-draft'], useCases: [] } }))
      .thenFails('INPUT.EMPTY_SCOPE');
    spec
      .given([])
      .when(accredit({ certifierId: 'CB 1' }))
      .thenFails('CERTIFIER.INVALID');
    spec
      .given([])
      .when(accredit({ validUntil: '2025-01-01T00:00:00.000Z' }))
      .thenFails('INPUT.INVALID_WINDOW');
  });
  it('suspends, reinstates and withdraws through the lifecycle', () => {
    spec
      .given([accredited])
      .when(simple('SuspendAccreditation'))
      .then([{ type: 'AccreditationSuspended', data: { certifierId: 'cb-001', reason: 'because', suspendedAt: at } }]);
    spec
      .given([accredited, suspended])
      .when(simple('ReinstateAccreditation'))
      .then([{ type: 'AccreditationReinstated', data: { certifierId: 'cb-001', reinstatedAt: at } }]);
    spec
      .given([accredited, suspended])
      .when(simple('WithdrawAccreditation'))
      .then([{ type: 'AccreditationWithdrawn', data: { certifierId: 'cb-001', reason: 'because', withdrawnAt: at } }]);
  });
  it('refuses lifecycle steps out of order', () => {
    spec.given([]).when(simple('SuspendAccreditation')).thenFails('CERTIFIER.NOT_FOUND');
    spec.given([accredited, suspended]).when(simple('SuspendAccreditation')).thenFails('CERTIFIER.NOT_ACTIVE');
    spec.given([accredited]).when(simple('ReinstateAccreditation')).thenFails('CERTIFIER.NOT_SUSPENDED');
    spec.given([accredited, withdrawn]).when(simple('ReinstateAccreditation')).thenFails('CERTIFIER.WITHDRAWN');
    spec.given([accredited, withdrawn]).when(simple('WithdrawAccreditation')).thenFails('CERTIFIER.WITHDRAWN');
    spec
      .given([accredited])
      .when(simple('SuspendAccreditation', registrar, ' '))
      .thenFails('CERTIFIER.REASON_REQUIRED');
  });

  describe('accreditationCovers (judged at an instant)', () => {
    const history = fold(certifierDecider, [accredited, suspended, reinstated, withdrawn]);
    it.each([
      ['2026-03-01T00:00:00.000Z', ['lending'], true],
      ['2026-03-01T00:00:00.000Z', ['lending', 'hiring'], true],
      ['2026-03-01T00:00:00.000Z', ['law-enforcement'], false],
      ['2026-06-15T00:00:00.000Z', ['lending'], false],
      ['2026-07-01T00:00:00.000Z', ['lending'], true],
      ['2026-09-01T00:00:00.000Z', ['lending'], false],
      ['2025-12-31T23:59:59.000Z', ['lending'], false],
    ] as const)('at %s for %o: %s', (instant, useCases, covered) => {
      expect(accreditationCovers(history, '0.9-draft', useCases, instant)).toBe(covered);
    });
    it('does not cover another framework version, or after validUntil', () => {
      const active = fold(certifierDecider, [accredited]);
      expect(accreditationCovers(active, '1.0', ['lending'], '2026-03-01T00:00:00.000Z')).toBe(false);
      expect(accreditationCovers(active, '0.9-draft', ['lending'], '2028-01-01T00:00:00.000Z')).toBe(false);
    });
  });
});
