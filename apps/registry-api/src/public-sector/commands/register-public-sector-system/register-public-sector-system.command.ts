import { modelDecider, modelStreamId, publicSectorSystemDecider, publicSectorSystemStreamId } from '@registry/domain';
import { CommandInput, defineCommand } from '../../../infrastructure/define-command';
import { RegisterPublicSectorSystemInput } from './register-public-sector-system.input';

/** The input as the decider's plain data (what the idempotency fingerprint sees). */
const registration = ({ details, model, ...input }: CommandInput<RegisterPublicSectorSystemInput>) => ({
  systemId: input.systemId,
  bureau: input.bureau,
  name: input.name,
  description: input.description,
  decisionArea: input.decisionArea,
  phase: input.phase,
  inUseSince: input.inUseSince.toISOString(),
  websiteUrl: input.websiteUrl ?? null,
  publicContact: input.publicContact,
  model: model ? { modelId: model.modelId, version: model.version } : null,
  details: {
    team: details.team,
    seniorResponsibleOwner: details.seniorResponsibleOwner,
    externalSupplier: details.externalSupplier ?? null,
    humanReview: details.humanReview,
    dataSources: details.dataSources,
    risksAndMitigations: details.risksAndMitigations,
    impactAssessments: details.impactAssessments ?? null,
  },
});

/** Looks up whether the named model version is registered (its stream becomes a condition of the append), then lets the decider judge. */
export const RegisterPublicSectorSystemCommand = defineCommand({
  decider: publicSectorSystemDecider,
  type: 'RegisterPublicSectorSystem',
  request: registration,
  stream: (request) => publicSectorSystemStreamId(request.systemId),
  lookUp: async ({ model }, { read }) => {
    if (!model) return { context: { modelVersionExists: null } };
    const { state } = await read.load(modelStreamId(model.modelId), modelDecider);
    return { context: { modelVersionExists: state.status === 'REGISTERED' && state.versions.some((v) => v.version === model.version) } };
  },
});
