import { isBefore, judgeExportReadiness, VerdictFacts } from '@registry/domain';
import { RecomputeTarget } from './readiness-invalidation';
import { ReadinessRowValues } from './readiness-rows';

/**
 * The rows as the read model computed them before `ReadinessRows`: one `judgeExportReadiness` per row (each
 * finding the frameworks in force, the version's certifications and the equivalences of every requirement
 * again) and the next change scanned per row. Kept as the reference ReadinessRows is checked against
 * (readiness-rows.spec.ts) and as the peer of bench:verdict.
 */
export const perUseCaseRows = (facts: VerdictFacts, targets: readonly RecomputeTarget[], asOf: string): ReadinessRowValues[] => {
  const allJurisdictions = [...new Set([...facts.frameworks.values()].map((f) => f.jurisdiction))].sort();
  const rows: ReadinessRowValues[] = [];
  for (const { key, jurisdictions } of targets) {
    const i = key.indexOf('/');
    const [modelId, version] = [key.slice(0, i), key.slice(i + 1)];
    const useCases = certifiedUseCases(facts, key, asOf);
    for (const jurisdiction of jurisdictions ?? allJurisdictions)
      for (const useCase of useCases) {
        const verdict = judgeExportReadiness(facts, { modelId, version, jurisdiction, useCase, asOf });
        rows.push({
          model_id: modelId,
          version,
          jurisdiction,
          use_case: useCase,
          status: verdict.status,
          valid_until: verdict.validUntil,
          reconsider_at: nextChange(facts, key, asOf, verdict.validUntil),
        });
      }
  }
  return rows;
};

const certifiedUseCases = (facts: VerdictFacts, key: string, asOf: string): string[] => {
  const useCases = new Set<string>();
  for (const id of facts.certificationsByVersion.get(key) ?? []) {
    const c = facts.certifications.get(id)!;
    const scope = [...c.scopes].reverse().find((s) => !isBefore(asOf, s.from)) ?? c.scopes[0];
    for (const u of scope.scope.useCases) useCases.add(u);
  }
  return [...useCases].sort();
};

const nextChange = (facts: VerdictFacts, key: string, asOf: string, validUntil: string | null): string | null => {
  const instants: string[] = validUntil ? [validUntil] : [];
  for (const f of facts.frameworks.values()) for (const v of f.versions) instants.push(v.data.effectiveFrom);
  for (const e of facts.equivalences.values()) instants.push(e.proposal.effectiveFrom, ...(e.proposal.effectiveUntil ? [e.proposal.effectiveUntil] : []));
  for (const id of facts.certificationsByVersion.get(key) ?? []) {
    const c = facts.certifications.get(id)!;
    instants.push(c.issued.validFrom, ...c.validity.map((v) => v.validUntil));
  }
  return instants.filter((t) => isBefore(asOf, t)).sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
};
