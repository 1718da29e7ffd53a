import { equivalenceDecider, equivalenceStreamId, frameworkDecider, frameworkStreamId, RequirementRef } from '@registry/domain';
import { StreamReader } from '../../../infrastructure/aggregate-reader';
import { CommandInput, defineCommand } from '../../../infrastructure/define-command';
import { ProposeEquivalenceInput } from './propose-equivalence.input';

const side = (s: RequirementRef): RequirementRef => ({ framework: s.framework, version: s.version, requirementId: s.requirementId });

/** The framework's jurisdiction (null: never published) and whether the version names the requirement. */
const lookUpRequirement = async (ref: RequirementRef, read: StreamReader): Promise<{ jurisdiction: string | null; requirementExists: boolean }> => {
  const { state } = await read.load(frameworkStreamId(ref.framework), frameworkDecider);
  if (state.status !== 'PUBLISHED') return { jurisdiction: null, requirementExists: false };
  const version = state.versions.find((v) => v.version === ref.version);
  return { jurisdiction: state.jurisdiction, requirementExists: !!version?.requirements.some((r) => r.id === ref.requirementId) };
};

/** The input as the decider's plain data (what the idempotency fingerprint sees). */
const proposal = (input: CommandInput<ProposeEquivalenceInput>) => ({
  equivalenceId: input.equivalenceId,
  hk: side(input.hk),
  foreign: side(input.foreign),
  foreignJurisdiction: input.foreignJurisdiction,
  strength: input.strength,
  conditions: (input.conditions ?? []).map((c) => ({ id: c.id, text: c.text })),
  scope: { useCases: [...input.scope.useCases] },
  effectiveFrom: input.effectiveFrom.toISOString(),
  effectiveUntil: input.effectiveUntil ? input.effectiveUntil.toISOString() : null,
  illustrative: input.illustrative ?? false,
});

/**
 * Looks up the `context` the equivalence decider needs (do both requirements exist in the named published
 * versions, and whose framework is the foreign one) in the framework streams. Framework versions are never
 * edited, so the context of a re-sent (idempotent) proposal is the same and its fingerprint matches. The
 * framework streams read are conditions of the append.
 */
export const ProposeEquivalenceCommand = defineCommand({
  decider: equivalenceDecider,
  type: 'ProposeEquivalence',
  request: proposal,
  stream: (request) => equivalenceStreamId(request.equivalenceId),
  lookUp: async (request, { read }) => {
    const [hk, foreign] = await Promise.all([lookUpRequirement(request.hk, read), lookUpRequirement(request.foreign, read)]);
    return {
      context: {
        hkRequirementExists: hk.requirementExists,
        foreignRequirementExists: foreign.requirementExists,
        foreignFrameworkJurisdiction: foreign.jurisdiction,
      },
    };
  },
});
