import { AppliesWhen, DirectSatisfaction, frameworkDecider, frameworkStreamId, Requirement } from '@registry/domain';
import { CommandInput, defineCommand } from '../../../infrastructure/define-command';
import { DirectSatisfactionInput, FrameworkRequirementInput, PublishFrameworkInput } from './publish-framework.input';

/** The input as the domain's plain data: instants as ISO text, absent conditions left out (not null). */
const applicability = ({ useCases, generative, generalPurpose }: FrameworkRequirementInput['appliesWhen']): AppliesWhen => ({
  ...(useCases ? { useCases: [...useCases] } : {}),
  ...(generative !== null && generative !== undefined ? { generative } : {}),
  ...(generalPurpose !== null && generalPurpose !== undefined ? { generalPurpose } : {}),
});

const satisfaction = (s: DirectSatisfactionInput): DirectSatisfaction =>
  s.kind === 'SANDBOX'
    ? { kind: 'SANDBOX' }
    : s.kind === 'PROVENANCE'
      ? { kind: 'PROVENANCE' }
      : s.kind === 'LOCALISATION'
        ? { kind: 'LOCALISATION', jurisdictions: [...(s.jurisdictions ?? [])] }
        : { kind: 'TRANSFER_BASIS', origin: s.origin!, destinations: [...(s.destinations ?? [])], mechanisms: [...(s.mechanisms ?? [])] };

const requirement = (r: FrameworkRequirementInput): Requirement => ({
  id: r.id,
  title: r.title,
  appliesWhen: applicability(r.appliesWhen),
  ...(r.satisfiedBy ? { satisfiedBy: satisfaction(r.satisfiedBy) } : {}),
});

/** The input as the decider's plain data (what the idempotency fingerprint sees). */
const publication = (input: CommandInput<PublishFrameworkInput>) => ({
  frameworkId: input.frameworkId,
  version: input.version,
  jurisdiction: input.jurisdiction,
  title: input.title,
  effectiveFrom: input.effectiveFrom.toISOString(),
  requirements: input.requirements.map(requirement),
});

export const PublishFrameworkCommand = defineCommand({
  decider: frameworkDecider,
  type: 'PublishFrameworkVersion',
  request: publication,
  stream: (request) => frameworkStreamId(request.frameworkId),
});
