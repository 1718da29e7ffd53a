import { buildVerdictFacts, RegistryEvent } from '@registry/domain';
import { parsePosition } from '@registry/event-store';
import { markEvents, mergeChanges, noChanges, pendingCount, PositionedEvent, recomputeTargets, sliceTouches } from './readiness-invalidation';
import { syntheticLog } from './testing/synthetic-log';

/** Six certified versions over the demo catalog: m0, m2, m4 chatbots (chatbot, content-generation), m1, m3, m5 lending. */
const facts = buildVerdictFacts(syntheticLog(6));
const at = (n: number) => parsePosition(`5.${n}`)!;
const event = (e: RegistryEvent, n = 1): PositionedEvent => ({ ...e, position: at(n) });
const marked = (...events: PositionedEvent[]) => {
  const changes = noChanges();
  markEvents(changes, events, facts, null);
  return changes;
};
const T = '2026-11-01T00:00:00.000Z';

describe('readiness invalidation: which rows an event can change', () => {
  it('marks the version a version-level record is about', () => {
    const changes = marked(
      event({ type: 'ModelVersionDeprecated', data: { modelId: 'm1', version: '1', reason: 'old', deprecatedAt: T } }),
      event({ type: 'LocalisationWithdrawn', data: { modelId: 'm2', version: '1', reason: 'moved', withdrawnAt: T } }),
    );
    expect([...changes.versions]).toEqual(['m1/1', 'm2/1']);
    expect(changes.slices).toEqual([]);
  });

  it('finds the version of a certification from the facts, and ignores a certification it does not know', () => {
    const changes = marked(
      event({ type: 'CertificationSuspended', data: { certificationId: 'c3', reason: 'audit', suspendedAt: T } }),
      event({ type: 'CertificationRevoked', data: { certificationId: 'unknown', reason: 'x', revokedAt: T } }),
    );
    expect([...changes.versions]).toEqual(['m3/1']);
  });

  it('marks every version of a model for a transfer basis, at once (no slice to scan later)', () => {
    const changes = marked(event({ type: 'DataTransferBasisWithdrawn', data: { basisId: 'b', modelId: 'm4', reason: 'x', withdrawnAt: T } }));
    expect(changes).toEqual({ versions: new Set(['m4/1']), slices: [] });
  });

  it('limits an equivalence change to its use cases and its foreign jurisdiction', () => {
    const changes = marked(
      event({ type: 'EquivalenceWithdrawn', data: { equivalenceId: 'eq-hk02-eu-art50', withdrawnBy: 'REGULATOR', reason: 'x', withdrawnAt: T } }),
    );
    const proposal = facts.equivalences.get('eq-hk02-eu-art50')!.proposal;
    expect(changes.slices).toEqual([{ slice: { kind: 'USE_CASES', useCases: proposal.scope.useCases }, jurisdiction: 'EU' }]);
    const targets = recomputeTargets(changes, facts, []);
    // Only versions certified for one of its use cases, only in the EU.
    const touched = ['m0/1', 'm1/1', 'm2/1', 'm3/1', 'm4/1', 'm5/1'].filter((k) => sliceTouches(facts, k, changes.slices[0].slice));
    expect(targets).toEqual(touched.map((key) => ({ key, jurisdictions: ['EU'] })));
    expect(touched.length).toBeGreaterThan(0);
    expect(touched.length).toBeLessThan(6);
  });

  it('redoes every version for a framework: in all jurisdictions when it brings a new one, else in its own', () => {
    const publish = (frameworkId: string, jurisdiction: string): RegistryEvent => ({
      type: 'FrameworkVersionPublished',
      data: { frameworkId, version: 'next', jurisdiction, title: 't', effectiveFrom: T, publishedAt: T, requirements: [] },
    });
    expect(marked(event(publish('JP-AI', 'JP'))).slices).toEqual([{ slice: { kind: 'ALL' }, jurisdiction: null }]);
    const known = [...facts.frameworks].find(([, f]) => f.jurisdiction === 'EU')![0];
    const changes = marked(event(publish(known, 'EU')));
    expect(changes.slices).toEqual([{ slice: { kind: 'ALL' }, jurisdiction: 'EU' }]);
    expect(recomputeTargets(changes, facts, []).map((t) => t.jurisdictions)).toEqual(Array(6).fill(['EU']));
  });

  it('slices accreditation changes by certifier', () => {
    const changes = marked(event({ type: 'AccreditationSuspended', data: { certifierId: 'cb', reason: 'x', suspendedAt: T } }));
    expect(changes.slices).toEqual([{ slice: { kind: 'CERTIFIER', certifierId: 'cb' }, jurisdiction: null }]);
    expect(recomputeTargets(changes, facts, []).length).toBe(6);
    expect(sliceTouches(facts, 'm0/1', { kind: 'CERTIFIER', certifierId: 'other' })).toBe(false);
  });

  it('ignores events no verdict reads, and events already in the rows', () => {
    expect(pendingCount(marked(event({ type: 'FirmRenamed', data: { firmId: 'f1', name: 'x', renamedAt: T } })))).toBe(0);
    const changes = noChanges();
    const deprecated = (n: number) => event({ type: 'ModelVersionDeprecated', data: { modelId: `m${n}`, version: '1', reason: 'old', deprecatedAt: T } }, n);
    markEvents(changes, [deprecated(1), deprecated(2), deprecated(3)], facts, at(2));
    expect([...changes.versions]).toEqual(['m3/1']);
  });

  it('merges the targets: a whole version wins over some of its jurisdictions, and versions due for reconsideration are added', () => {
    const changes = noChanges();
    changes.versions.add('m1/1');
    changes.slices.push(
      { slice: { kind: 'ALL' }, jurisdiction: 'SG' },
      { slice: { kind: 'ALL' }, jurisdiction: 'SG' },
      { slice: { kind: 'ALL' }, jurisdiction: 'CN' },
    );
    const targets = recomputeTargets(changes, facts, ['m2/1']);
    expect(targets.find((t) => t.key === 'm1/1')).toEqual({ key: 'm1/1', jurisdictions: null });
    expect(targets.find((t) => t.key === 'm2/1')).toEqual({ key: 'm2/1', jurisdictions: null });
    expect(targets.find((t) => t.key === 'm3/1')).toEqual({ key: 'm3/1', jurisdictions: ['SG', 'CN'] });
    expect(targets).toHaveLength(6);
  });

  it('puts back a failed update’s changes without repeating a slice', () => {
    const into = noChanges();
    into.versions.add('m1/1');
    into.slices.push({ slice: { kind: 'USE_CASES', useCases: ['lending'] }, jurisdiction: 'EU' });
    const from = noChanges();
    from.versions.add('m2/1');
    from.slices.push({ slice: { kind: 'USE_CASES', useCases: ['lending'] }, jurisdiction: 'EU' }, { slice: { kind: 'ALL' }, jurisdiction: null });
    mergeChanges(into, from);
    expect(into.versions).toEqual(new Set(['m1/1', 'm2/1']));
    expect(into.slices).toHaveLength(2);
    expect(pendingCount(into)).toBe(4);
  });
});
