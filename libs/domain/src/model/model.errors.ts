import { badInput, conflict, forbidden, notFound } from '@registry/kernel';

export const ModelErrors = {
  notOwner: (firmId: string) => forbidden('MODEL.NOT_OWNER', `Only firm ${firmId} may register or change its models.`, { firmId }),
  firmNotFound: (firmId: string) => notFound('MODEL.FIRM_NOT_FOUND', `Firm ${firmId} is not registered.`, { firmId }),
  alreadyRegistered: (modelId: string) => conflict('MODEL.ALREADY_REGISTERED', `Model ${modelId} is already registered.`, { modelId }),
  notFound: (modelId: string) => notFound('MODEL.NOT_FOUND', `Model ${modelId} is not registered.`, { modelId }),
  versionExists: (modelId: string, version: string) =>
    conflict('MODEL.VERSION_EXISTS', `Model ${modelId} already has version ${version}.`, { modelId, version }),
  digestTaken: (modelId: string, version: string) =>
    conflict('MODEL.DIGEST_ALREADY_VERSIONED', `These weights are already version ${version} of ${modelId}; a version is one exact set of weights.`, {
      modelId,
      version,
    }),
  versionNotFound: (modelId: string, version: string) =>
    notFound('MODEL.VERSION_NOT_FOUND', `Model ${modelId} has no version ${version}.`, { modelId, version }),
  alreadyDeprecated: (modelId: string, version: string) =>
    conflict('MODEL.VERSION_DEPRECATED', `Version ${version} of ${modelId} is already deprecated.`, { modelId, version }),
  invalid: (field: string, message: string) => badInput('MODEL.INVALID', message, { field }),
};
