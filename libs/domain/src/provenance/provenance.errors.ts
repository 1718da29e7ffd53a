import { badInput, conflict, forbidden, notFound } from '@registry/kernel';

export const ProvenanceErrors = {
  modelVersionNotFound: (modelId: string, version: string) =>
    notFound('PROVENANCE.MODEL_VERSION_NOT_FOUND', `Model ${modelId} has no version ${version}.`, { modelId, version }),
  notModelOwner: () => forbidden('PROVENANCE.NOT_MODEL_OWNER', "Only the model's owner may record its training-data provenance."),
  unchanged: (modelId: string, version: string) =>
    conflict('PROVENANCE.UNCHANGED', `The training-data provenance of ${modelId} ${version} already says exactly this.`, { modelId, version }),
  invalid: (field: string, message: string) => badInput('PROVENANCE.INVALID', message, { field }),
};
