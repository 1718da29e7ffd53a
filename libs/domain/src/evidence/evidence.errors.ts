import { badInput, conflict, forbidden, notFound } from '@registry/kernel';

export const EvidenceErrors = {
  equivalenceNotFound: (equivalenceId: string) => notFound('EVIDENCE.EQUIVALENCE_NOT_FOUND', `Equivalence ${equivalenceId} does not exist.`, { equivalenceId }),
  modelVersionNotFound: (modelId: string, version: string) =>
    notFound('EVIDENCE.MODEL_VERSION_NOT_FOUND', `Model ${modelId} has no version ${version}.`, { modelId, version }),
  notOwnerOrCertifier: (withRegistrar: boolean) =>
    forbidden(
      'EVIDENCE.NOT_OWNER_OR_CERTIFIER',
      `Only the model's owner${withRegistrar ? ', the registrar' : ''} or a certifier that certified this model version may ${withRegistrar ? 'withdraw' : 'record'} condition evidence.`,
    ),
  unknownCondition: (equivalenceId: string, conditionId: string, hasConditions: boolean) =>
    badInput(
      'EVIDENCE.UNKNOWN_CONDITION',
      hasConditions
        ? `Equivalence ${equivalenceId} has no condition ${conditionId}.`
        : `Equivalence ${equivalenceId} is FULL: it has no conditions to evidence.`,
      { field: 'conditionId', equivalenceId, conditionId },
    ),
  alreadyRecorded: (conditionId: string) =>
    conflict('EVIDENCE.ALREADY_RECORDED', `Condition ${conditionId} is already evidenced for this model version; withdraw that evidence first.`, {
      conditionId,
    }),
  notFound: (conditionId: string) => notFound('EVIDENCE.NOT_FOUND', `No evidence stands for condition ${conditionId} of this model version.`, { conditionId }),
  reasonRequired: () => badInput('EVIDENCE.REASON_REQUIRED', 'A reason is required.', { field: 'reason' }),
  invalid: (field: string, message: string) => badInput('EVIDENCE.INVALID', message, { field }),
};
