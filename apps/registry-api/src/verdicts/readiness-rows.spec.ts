import { buildVerdictFacts, CATALOG_EQUIVALENCES, FactEvent } from '@registry/domain';
import { allVersionKeys } from './readiness-invalidation';
import { perUseCaseRows } from './readiness-per-use-case';
import { ReadinessRows } from './readiness-rows';
import { syntheticLog } from './testing/synthetic-log';

const withdrawal: FactEvent = {
  type: 'EquivalenceWithdrawn',
  data: { equivalenceId: CATALOG_EQUIVALENCES[0].proposal.equivalenceId, withdrawnBy: 'REGULATOR', reason: 'test', withdrawnAt: '2026-09-01T00:00:00.000Z' },
  ref: { eventId: 'w', position: '2.1', type: 'EquivalenceWithdrawn' },
};
const renewal = (i: number): FactEvent => ({
  type: 'CertificationRenewed',
  data: { certificationId: `c${i}`, validUntil: '2029-06-01T00:00:00.000Z', renewedAt: '2026-10-01T00:00:00.000Z' },
  ref: { eventId: `r${i}`, position: `2.${i + 2}`, type: 'CertificationRenewed' },
});

describe('readiness rows (each version judged in one pass)', () => {
  const log = syntheticLog(60);
  it.each([
    ['the synthetic registry', buildVerdictFacts(log)],
    ['after a withdrawal and renewals', buildVerdictFacts([...log, withdrawal, renewal(3), renewal(8)])],
  ])('are the rows one judgeExportReadiness per row gives, at several instants: %s', (_, facts) => {
    let compared = 0;
    for (const asOf of [
      '2025-06-01T00:00:00.000Z',
      '2026-03-15T00:00:00.000Z',
      '2026-11-25T00:00:00.000Z',
      '2027-09-01T00:00:00.000Z',
      '2031-01-01T00:00:00.000Z',
    ]) {
      const rows = new ReadinessRows(facts, asOf);
      const targets = allVersionKeys(facts).map((key, i) => ({ key, jurisdictions: i % 4 === 0 ? ['EU', 'SG'] : null }));
      const ours = targets.flatMap((t) => rows.of(t));
      const reference = perUseCaseRows(facts, targets, asOf);
      expect(ours).toEqual(reference);
      compared += ours.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('has no rows for a version without certifications', () => {
    const facts = buildVerdictFacts(syntheticLog(2).filter((e) => e.type !== 'CertificationIssued'));
    expect(new ReadinessRows(facts, '2026-11-25T00:00:00.000Z').of({ key: 'm0/1', jurisdictions: null })).toEqual([]);
  });
});
