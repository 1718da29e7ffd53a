import { Equivalence, EquivalenceSide, EquivalenceStatus, EquivalenceStrength, HistoryEvent, Role } from '@registry/contract';
import { Countersignature, EquivalenceState, RequirementRef, VerdictFacts } from '@registry/domain';
import { countersignatureContent, countersignaturePayload } from '@registry/verifier';

/** An equivalence as the API returns it: its folded state, the decisions taken on it, and its stream. */
/** `globalId` is resolved by the Node resolver. */
export type EquivalenceView = Omit<Equivalence, 'globalId'>;

const STATUS: Record<Exclude<EquivalenceState['status'], 'NONE'>, EquivalenceStatus> = {
  PROPOSED: EquivalenceStatus.PROPOSED,
  COUNTERSIGNED: EquivalenceStatus.IN_FORCE,
  REJECTED: EquivalenceStatus.REJECTED,
  WITHDRAWN: EquivalenceStatus.WITHDRAWN,
};

/**
 * A requirement ref with its title, as published in the framework version it names. Versions are never edited,
 * so any facts that hold the version give the same title. (A proposal is refused unless both requirements exist,
 * so the fallback only guards against a log that was written around the decider.)
 */
export const toSide = (facts: Pick<VerdictFacts, 'frameworks'>, ref: RequirementRef): EquivalenceSide => {
  const version = facts.frameworks.get(ref.framework)?.versions.find((v) => v.data.version === ref.version);
  const title = version?.data.requirements.find((r) => r.id === ref.requirementId)?.title;
  return { framework: ref.framework, version: ref.version, requirementId: ref.requirementId, title: title ?? ref.requirementId };
};

/** The JWS stored with the countersignature event; null for one written before countersignatures were signatures. */
const countersignatureOf = (data: Record<string, unknown> | undefined) => {
  const c = data?.countersignature as Countersignature | undefined;
  return c ? { jws: c.jws, keyId: c.keyId, alg: c.alg } : null;
};

/**
 * Builds the view from the state folded by the decider (`version` events) and the stream's history. The history
 * may have been read a moment later and hold more events: only the first `version` count, so the view is the
 * state at one version of the stream. Null when nothing was ever proposed.
 */
export const toEquivalenceView = (
  id: string,
  state: EquivalenceState,
  version: number,
  fullHistory: readonly HistoryEvent[],
  facts: VerdictFacts,
): EquivalenceView | null => {
  if (state.status === 'NONE') return null;
  const history = fullHistory.filter((h) => h.streamVersion <= version);
  const last = (type: string) => [...history].reverse().find((h) => h.type === type)?.data as Record<string, any> | undefined;
  const countersigned = last('EquivalenceCountersigned');
  const rejected = state.status === 'REJECTED' ? last('EquivalenceRejected') : undefined;
  const withdrawn = state.status === 'WITHDRAWN' ? last('EquivalenceWithdrawn') : undefined;
  const p = state.proposal;
  return {
    id,
    status: STATUS[state.status],
    hk: toSide(facts, p.hk),
    foreign: toSide(facts, p.foreign),
    foreignJurisdiction: p.foreignJurisdiction,
    strength: p.strength as EquivalenceStrength,
    conditions: p.conditions.map((c) => ({ id: c.id, text: c.text })),
    scope: { useCases: [...p.scope.useCases] },
    effectiveFrom: new Date(p.effectiveFrom),
    effectiveUntil: p.effectiveUntil ? new Date(p.effectiveUntil) : null,
    illustrative: p.illustrative,
    proposedAt: new Date(p.proposedAt),
    countersignedAt: countersigned ? new Date(countersigned.countersignedAt) : null,
    countersignature: state.status === 'COUNTERSIGNED' || state.status === 'WITHDRAWN' ? countersignatureOf(countersigned) : null,
    countersignaturePayload: countersignaturePayload(countersignatureContent(p)),
    rejectedAt: rejected ? new Date(rejected.rejectedAt) : null,
    rejectionReason: rejected?.reason ?? null,
    withdrawnAt: withdrawn ? new Date(withdrawn.withdrawnAt) : null,
    withdrawnBy: withdrawn ? (withdrawn.withdrawnBy as Role) : null,
    withdrawalReason: withdrawn?.reason ?? null,
    version,
    history,
  };
};
