import { Recognition, Recognitions } from '@registry/contract';
import { equivalenceStandingAt, EquivalenceFact, RequirementRef, VerdictFacts, versionInForce } from '@registry/domain';
import { toSide } from './equivalence.view';

/** What recognitions read: the registry-wide facts (frameworks and equivalences), not any model's. */
export type RecognitionFacts = Pick<VerdictFacts, 'frameworks' | 'equivalences' | 'evidence'>;

/** Whether an equivalence recognises at `asOf`: the same rule the export-readiness judge applies, use-case scope aside. */
export const inForceAt = (e: EquivalenceFact, asOf: string): boolean => equivalenceStandingAt(e, asOf) === 'IN_FORCE';

/** Whether `ref` names the version of its framework in force at `asOf` (the only one a verdict matches). */
const namesVersionInForce = (facts: RecognitionFacts, ref: RequirementRef, asOf: string): boolean => {
  const versions = facts.frameworks.get(ref.framework)?.versions.map((v) => v.data) ?? [];
  return versionInForce(versions, asOf)?.version === ref.version;
};

const sortKey = (r: Recognition) => [r.foreign.framework, r.foreign.version, r.foreign.requirementId, r.equivalenceId];
const compare = (a: Recognition, b: Recognition) => {
  const [ka, kb] = [sortKey(a), sortKey(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
};

/** What `jurisdiction` recognises at `asOf`, from facts already cut at knownAt (a pure function of them). */
export const recognitionsOf = (facts: RecognitionFacts, jurisdiction: string, asOf: string): Omit<Recognitions, 'computedAt'> => {
  const recognitions: Recognition[] = [];
  for (const [equivalenceId, e] of facts.equivalences) {
    if (e.proposal.foreignJurisdiction !== jurisdiction || !inForceAt(e, asOf)) continue;
    const p = e.proposal;
    recognitions.push({
      equivalenceId,
      hk: toSide(facts, p.hk),
      foreign: toSide(facts, p.foreign),
      strength: p.strength as Recognition['strength'],
      conditions: p.conditions.map((c) => ({ id: c.id, text: c.text })),
      scope: { useCases: [...p.scope.useCases] },
      effectiveFrom: new Date(p.effectiveFrom),
      effectiveUntil: p.effectiveUntil ? new Date(p.effectiveUntil) : null,
      foreignVersionInForce: namesVersionInForce(facts, p.foreign, asOf),
      countersignedAt: new Date(e.countersigned!.at),
      withdrawnAt: e.withdrawn ? new Date(e.withdrawn.at) : null,
      illustrative: p.illustrative,
      evidence: [e.refs[0], e.countersigned!.ref].map((r) => facts.evidence.ref(r)),
    });
  }
  recognitions.sort(compare);
  return {
    jurisdiction,
    asOf: new Date(asOf),
    hkRequirementIds: [...new Set(recognitions.map((r) => r.hk.requirementId))].sort(),
    recognitions,
  };
};
