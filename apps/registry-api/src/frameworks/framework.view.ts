import { AsOf } from '../graphql/as-of';
import { DirectSatisfaction, DirectSatisfactionKind, Framework, FrameworkRequirement, FrameworkVersion, TransferMechanism } from '@registry/contract';
import { FrameworkState, FrameworkVersion as DomainVersion, Requirement } from '@registry/domain';

/**
 * A framework as the API returns it. `history` and `versionInForce` are resolved on demand; `asOf` is the
 * instant `versionInForce` defaults to (the `frameworks` query's, else now), `domainVersions` what it judges.
 */
export type FrameworkView = Omit<Framework, 'history' | 'versionInForce' | 'globalId'> &
  AsOf & {
    readonly asOf: Date | null;
    readonly domainVersions: readonly DomainVersion[];
  };

const satisfaction = (s: Requirement['satisfiedBy']): DirectSatisfaction | null => {
  if (!s) return null;
  if (s.kind === 'SANDBOX') return { kind: DirectSatisfactionKind.SANDBOX, jurisdictions: [], origin: null, destinations: [], mechanisms: [] };
  if (s.kind === 'PROVENANCE') return { kind: DirectSatisfactionKind.PROVENANCE, jurisdictions: [], origin: null, destinations: [], mechanisms: [] };
  return s.kind === 'LOCALISATION'
    ? { kind: DirectSatisfactionKind.LOCALISATION, jurisdictions: [...s.jurisdictions], origin: null, destinations: [], mechanisms: [] }
    : {
        kind: DirectSatisfactionKind.TRANSFER_BASIS,
        jurisdictions: [],
        origin: s.origin,
        destinations: [...s.destinations],
        mechanisms: s.mechanisms.map((m) => m as TransferMechanism),
      };
};

const requirementView = (r: Requirement): FrameworkRequirement => ({
  id: r.id,
  title: r.title,
  appliesWhen: {
    useCases: r.appliesWhen.useCases ? [...r.appliesWhen.useCases] : null,
    generative: r.appliesWhen.generative ?? null,
    generalPurpose: r.appliesWhen.generalPurpose ?? null,
  },
  satisfiedBy: satisfaction(r.satisfiedBy),
});

export const versionView = (v: DomainVersion, next: DomainVersion | undefined): FrameworkVersion => ({
  version: v.version,
  title: v.title,
  effectiveFrom: new Date(v.effectiveFrom),
  supersededFrom: next ? new Date(next.effectiveFrom) : null,
  publishedAt: new Date(v.publishedAt),
  requirements: v.requirements.map(requirementView),
});

/** Null for a framework never published. */
export const toFrameworkView = (state: FrameworkState, asOf: Date | null = null): FrameworkView | null =>
  state.status === 'PUBLISHED'
    ? {
        id: state.frameworkId,
        jurisdiction: state.jurisdiction,
        versions: state.versions.map((v, i) => versionView(v, state.versions[i + 1])),
        asOf,
        domainVersions: state.versions,
      }
    : null;
