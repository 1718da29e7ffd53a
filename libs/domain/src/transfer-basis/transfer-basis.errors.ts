import { badInput, conflict, forbidden, notFound } from '@registry/kernel';

export const TransferBasisErrors = {
  modelNotFound: (modelId: string) => notFound('TRANSFER_BASIS.MODEL_NOT_FOUND', `Model ${modelId} is not registered.`, { modelId }),
  notModelOwner: (withRegistrar: boolean) =>
    forbidden(
      'TRANSFER_BASIS.NOT_MODEL_OWNER',
      withRegistrar
        ? "Only the model's owner or the registrar may withdraw a data-transfer basis."
        : "Only the model's owner may record a data-transfer basis for it.",
    ),
  alreadyRecorded: (basisId: string) =>
    conflict('TRANSFER_BASIS.ALREADY_RECORDED', `Data-transfer basis ${basisId} already exists; a basis is never edited or reused, record a new one.`, {
      basisId,
    }),
  notFound: (basisId: string) => notFound('TRANSFER_BASIS.NOT_FOUND', `Data-transfer basis ${basisId} does not exist.`, { basisId }),
  alreadyWithdrawn: (basisId: string) => conflict('TRANSFER_BASIS.ALREADY_WITHDRAWN', `Data-transfer basis ${basisId} is already withdrawn.`, { basisId }),
  sameJurisdiction: () =>
    badInput('TRANSFER_BASIS.SAME_JURISDICTION', 'originJurisdiction and destinationJurisdiction must differ: a transfer basis is for a cross-border flow.', {
      field: 'destinationJurisdiction',
    }),
  outsideGba: (field: string) =>
    badInput(
      'TRANSFER_BASIS.OUTSIDE_GBA',
      'The GBA Standard Contract covers flows between the Mainland GBA cities (CN) and Hong Kong (HK) only; no onward transfer outside the GBA.',
      {
        field,
      },
    ),
  filingRequired: (field: string) =>
    badInput(
      'TRANSFER_BASIS.FILING_REQUIRED',
      `${field} is required for the GBA Standard Contract: the parties file it within 10 working days of it taking effect.`,
      { field },
    ),
  filingDateInFuture: () => badInput('TRANSFER_BASIS.FILING_DATE_IN_FUTURE', 'filingDate cannot be after the time of recording.', { field: 'filingDate' }),
  reasonRequired: () => badInput('TRANSFER_BASIS.REASON_REQUIRED', 'A reason is required.', { field: 'reason' }),
  invalid: (field: string, message: string) => badInput('TRANSFER_BASIS.INVALID', message, { field }),
};
