import { badInput, conflict, forbidden, notFound } from '@registry/kernel';

export const LocalisationErrors = {
  modelVersionNotFound: (modelId: string, version: string) =>
    notFound('LOCALISATION.MODEL_VERSION_NOT_FOUND', `Model ${modelId} has no version ${version}.`, { modelId, version }),
  notModelOwner: (withRegistrar: boolean) =>
    forbidden(
      'LOCALISATION.NOT_MODEL_OWNER',
      withRegistrar
        ? "Only the model's owner or the registrar may withdraw its localisation record."
        : "Only the model's owner may record where its weights are hosted.",
    ),
  alreadyRecorded: (modelId: string, version: string) =>
    conflict('LOCALISATION.ALREADY_RECORDED', `Version ${version} of ${modelId} already has a localisation record; relocate it instead.`, { modelId, version }),
  notFound: (modelId: string, version: string) =>
    notFound('LOCALISATION.NOT_FOUND', `Version ${version} of ${modelId} has no localisation record.`, { modelId, version }),
  withdrawn: (modelId: string, version: string) =>
    conflict('LOCALISATION.WITHDRAWN', `The localisation record of version ${version} of ${modelId} is withdrawn; record a new one.`, { modelId, version }),
  alreadyWithdrawn: (modelId: string, version: string) =>
    conflict('LOCALISATION.ALREADY_WITHDRAWN', `The localisation record of version ${version} of ${modelId} is already withdrawn.`, { modelId, version }),
  unchanged: (modelId: string, version: string) =>
    conflict('LOCALISATION.UNCHANGED', `The relocation names the jurisdiction, facility, custodian and attester already recorded for ${modelId} ${version}.`, {
      modelId,
      version,
    }),
  reasonRequired: () => badInput('LOCALISATION.REASON_REQUIRED', 'A reason is required.', { field: 'reason' }),
  invalid: (field: string, message: string) => badInput('LOCALISATION.INVALID', message, { field }),
};
