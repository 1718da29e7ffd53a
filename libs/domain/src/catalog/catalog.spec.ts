import { Actor, fold } from '@registry/kernel';
import { equivalenceDecider } from '../equivalence/equivalence.decider';
import { EquivalenceEvent } from '../equivalence/equivalence.events';
import { frameworkDecider, FrameworkVersion, versionInForce } from '../framework/framework.decider';
import { FrameworkEvent, Requirement } from '../framework/framework.events';
import { isJurisdiction, RequirementRef, requirementKey, USE_CASE } from '../shared/values';
import { CATALOG_EQUIVALENCES } from './equivalences.catalog';
import { CATALOG_FRAMEWORKS, EU_AI_ACT, EU_AI_ACT_GPAI, EU_AI_ACT_HIGH_RISK, EU_AI_ACT_TRANSPARENCY, HK_AI } from './frameworks.catalog';
import { CATALOG_USE_CASE_IDS, CATALOG_USE_CASES } from './use-cases';

const registrar: Actor = { subject: 'demo-catalog', role: 'REGISTRAR' };
const issuedAt = '2026-05-01T00:00:00.000Z';

/** Publishes the whole catalog through the framework decider, as the demo loader does; throws on any refusal. */
const publishAll = () => {
  const streams = new Map<string, FrameworkEvent[]>();
  for (const data of CATALOG_FRAMEWORKS) {
    const stream = streams.get(data.frameworkId) ?? [];
    const events = frameworkDecider.decide({ type: 'PublishFrameworkVersion', data, actor: registrar, issuedAt }, fold(frameworkDecider, stream));
    expect(events).toEqual([{ type: 'FrameworkVersionPublished', data: { ...data, publishedAt: issuedAt } }]);
    streams.set(data.frameworkId, [...stream, ...events]);
  }
  return streams;
};

const findVersion = (framework: string, version: string): FrameworkVersion | undefined =>
  CATALOG_FRAMEWORKS.find((v) => v.frameworkId === framework && v.version === version) as FrameworkVersion | undefined;
const resolve = (ref: RequirementRef): Requirement | undefined => findVersion(ref.framework, ref.version)?.requirements.find((r) => r.id === ref.requirementId);
const jurisdictionOf = (framework: string) => CATALOG_FRAMEWORKS.find((v) => v.frameworkId === framework)?.jurisdiction ?? null;

const versionsOf = (framework: string) => CATALOG_FRAMEWORKS.filter((v) => v.frameworkId === framework);
const frameworkIds = [...new Set(CATALOG_FRAMEWORKS.map((v) => v.frameworkId))];
const proposals = CATALOG_EQUIVALENCES.map((e) => e.proposal);
const vocabulary = new Set<string>(CATALOG_USE_CASE_IDS);

describe('demo catalog: frameworks', () => {
  it('publishes every framework version, in order, through the framework decider', () => {
    const streams = publishAll();
    expect([...streams.keys()].sort()).toEqual(['CN-GENAI', 'EU-AI-ACT', 'HK-AI', 'NIST-AI-RMF', 'SG-MGF-GENAI']);
    const hk = fold(frameworkDecider, streams.get(HK_AI)!);
    expect(hk.status === 'PUBLISHED' && hk.jurisdiction).toBe('HK');
  });

  it('keeps version ids unique within each framework', () => {
    for (const id of frameworkIds) {
      const versions = versionsOf(id).map((v) => v.version);
      expect(new Set(versions).size).toBe(versions.length);
    }
  });

  it('repeats every requirement of a version unchanged in the later versions of the same framework', () => {
    for (const id of frameworkIds) {
      const versions = versionsOf(id);
      versions.slice(1).forEach((later, i) => {
        for (const earlier of versions[i].requirements) expect(later.requirements.find((r) => r.id === earlier.id)).toEqual(earlier);
      });
    }
  });

  it('only names use cases of the vocabulary, and the vocabulary is made of valid, unique slugs', () => {
    expect(CATALOG_USE_CASE_IDS.every((u) => USE_CASE.test(u))).toBe(true);
    expect(new Set(CATALOG_USE_CASE_IDS).size).toBe(CATALOG_USE_CASES.length);
    const named = CATALOG_FRAMEWORKS.flatMap((v) => v.requirements.flatMap((r) => r.appliesWhen.useCases ?? []));
    expect(named.filter((u) => !vocabulary.has(u))).toEqual([]);
  });

  it('makes asOf matter: the EU version in force moves from GPAI to Art 50 to the high-risk articles', () => {
    const eu = versionsOf(EU_AI_ACT) as FrameworkVersion[];
    expect(versionInForce(eu, '2025-07-01T00:00:00.000Z')).toBeUndefined();
    expect(versionInForce(eu, '2026-01-01T00:00:00.000Z')?.version).toBe(EU_AI_ACT_GPAI);
    expect(versionInForce(eu, '2026-11-25T00:00:00.000Z')?.version).toBe(EU_AI_ACT_TRANSPARENCY);
    const hr = versionInForce(eu, '2027-12-02T00:00:00.000Z')!;
    expect(hr.version).toBe(EU_AI_ACT_HIGH_RISK);
    expect(hr.requirements.filter((r) => r.appliesWhen.useCases?.includes('lending')).map((r) => r.id)).toEqual([
      'ART-9',
      'ART-10',
      'ART-11',
      'ART-12',
      'ART-13',
      'ART-14',
      'ART-15',
      'ART-17',
      'ART-43',
      'ART-47',
      'ART-48',
      'ART-49',
      'ART-72',
    ]);
  });

  it('has CN requirements satisfied directly by a localisation record and by a transfer basis, all for generative models', () => {
    const cn = versionsOf('CN-GENAI');
    const latest = cn[cn.length - 1].requirements;
    expect(latest.every((r) => r.appliesWhen.generative === true)).toBe(true);
    expect(
      latest
        .map((r) => r.satisfiedBy?.kind)
        .filter(Boolean)
        .sort(),
    ).toEqual(['LOCALISATION', 'TRANSFER_BASIS']);
  });
});

describe('demo catalog: equivalences', () => {
  it('gives every equivalence a unique id, and marks all of them illustrative', () => {
    const ids = proposals.map((p) => p.equivalenceId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^eq-[a-z0-9-]+$/.test(id))).toBe(true);
    expect(proposals.every((p) => p.illustrative)).toBe(true);
  });

  it.each(proposals.map((p) => [p.equivalenceId, p] as const))(
    '%s names an existing HK-AI requirement and an existing foreign requirement of its jurisdiction',
    (_, p) => {
      expect(p.hk.framework).toBe(HK_AI);
      expect(resolve(p.hk)).toBeDefined();
      expect(p.foreign.framework).not.toBe(HK_AI);
      expect(resolve(p.foreign)).toBeDefined();
      expect(jurisdictionOf(p.foreign.framework)).toBe(p.foreignJurisdiction);
    },
  );

  it.each(proposals.map((p) => [p.equivalenceId, p] as const))('%s carries conditions only if PARTIAL, with unique ids', (_, p) => {
    if (p.strength === 'PARTIAL') expect(p.conditions.length).toBeGreaterThanOrEqual(1);
    else expect(p.conditions).toEqual([]);
    expect(new Set(p.conditions.map((c) => c.id)).size).toBe(p.conditions.length);
    expect(p.conditions.every((c) => c.text.trim().length > 0)).toBe(true);
  });

  it.each(proposals.map((p) => [p.equivalenceId, p] as const))('%s scopes use cases of the vocabulary that both requirements apply to', (_, p) => {
    expect(p.scope.useCases.length).toBeGreaterThan(0);
    for (const u of p.scope.useCases) {
      expect(vocabulary.has(u)).toBe(true);
      for (const side of [resolve(p.hk)!, resolve(p.foreign)!]) if (side.appliesWhen.useCases) expect(side.appliesWhen.useCases).toContain(u);
    }
  });

  it.each(proposals.map((p) => [p.equivalenceId, p] as const))('%s names a foreign version that is in force at some time within its window', (_, p) => {
    // The verdict matches the foreign version exactly, so a ref to a version never in force in the window recognises nothing.
    const versions = versionsOf(p.foreign.framework);
    const i = versions.findIndex((v) => v.version === p.foreign.version);
    const versionUntil = versions[i + 1]?.effectiveFrom ?? null;
    const start = Math.max(Date.parse(versions[i].effectiveFrom), Date.parse(p.effectiveFrom));
    const end = Math.min(versionUntil ? Date.parse(versionUntil) : Infinity, p.effectiveUntil ? Date.parse(p.effectiveUntil) : Infinity);
    expect(start).toBeLessThan(end);
  });

  it('never pairs the same two requirements twice', () => {
    const pairs = proposals.map((p) => `${requirementKey(p.hk)}=>${requirementKey(p.foreign)}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('is accepted by the equivalence decider, and the countersigned ones by the regulator of their jurisdiction', () => {
    for (const { proposal, countersign } of CATALOG_EQUIVALENCES) {
      const context = {
        hkRequirementExists: resolve(proposal.hk) !== undefined,
        foreignRequirementExists: resolve(proposal.foreign) !== undefined,
        foreignFrameworkJurisdiction: jurisdictionOf(proposal.foreign.framework),
      };
      const proposed: EquivalenceEvent[] = equivalenceDecider.decide(
        { type: 'ProposeEquivalence', data: { ...proposal, context }, actor: registrar, issuedAt },
        equivalenceDecider.initialState(),
      );
      expect(proposed).toEqual([{ type: 'EquivalenceProposed', data: { ...proposal, proposedAt: issuedAt } }]);
      if (!countersign) continue;
      expect(isJurisdiction(proposal.foreignJurisdiction)).toBe(true);
      const regulator: Actor = { subject: `regulator-${proposal.foreignJurisdiction.toLowerCase()}`, role: 'REGULATOR', scope: proposal.foreignJurisdiction };
      const signed = equivalenceDecider.decide(
        {
          type: 'CountersignEquivalence',
          data: {
            equivalenceId: proposal.equivalenceId,
            jws: 'eyJhbGciOiJFZERTQSJ9..c2ln',
            verification: { outcome: 'VALID', keyId: 'k', alg: 'EdDSA', detail: 'verified' },
          },
          actor: regulator,
          issuedAt,
        },
        fold(equivalenceDecider, proposed),
      );
      expect(signed.map((e) => e.type)).toEqual(['EquivalenceCountersigned']);
    }
  });

  it('shows each case a newcomer needs: countersigned FULL, countersigned PARTIAL, and unsigned proposals', () => {
    const count = (pred: (e: (typeof CATALOG_EQUIVALENCES)[number]) => boolean) => CATALOG_EQUIVALENCES.filter(pred).length;
    expect(count((e) => e.countersign && e.proposal.strength === 'FULL')).toBeGreaterThanOrEqual(1);
    expect(count((e) => e.countersign && e.proposal.strength === 'PARTIAL')).toBeGreaterThanOrEqual(1);
    expect(count((e) => !e.countersign)).toBeGreaterThanOrEqual(2);
    for (const j of ['EU', 'CN', 'SG']) expect(count((e) => e.proposal.foreignJurisdiction === j)).toBeGreaterThan(0);
  });
});
