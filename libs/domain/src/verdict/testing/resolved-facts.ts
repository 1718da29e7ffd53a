import { VerdictFacts } from '../verdict.facts';

/**
 * The facts with every reference resolved (`ref`, `refs`, the sandbox requests) and the table left out: what two
 * sets of facts must agree on when their tables number the same events differently (a fork that folded the tail
 * again, a restore). For specs.
 */
export const resolvedFacts = (facts: VerdictFacts): Record<string, unknown> => {
  const ref = (i: unknown) => facts.evidence.ref(i as number);
  const walk = (v: unknown, key?: string): unknown => {
    if ((key === 'ref' || key === 'refs') && typeof v === 'number') return ref(v);
    if (key === 'refs' && Array.isArray(v)) return v.map(ref);
    if (v instanceof Map) return new Map([...(v as Map<unknown, unknown>)].map(([k, x]) => [k, walk(x)]));
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  // The certifications by version are a look-up over the models (compared there).
  const { evidence: _, certificationsByVersion: __, sandboxRequests, ...maps } = facts;
  return { ...(walk(maps) as Record<string, unknown>), sandboxRequests: new Map([...sandboxRequests].map(([k, i]) => [k, ref(i)])) };
};
