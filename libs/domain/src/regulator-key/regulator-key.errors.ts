import { badInput, conflict, forbidden, notFound } from '@registry/kernel';

export const RegulatorKeyErrors = {
  registrarOnly: () => forbidden('REGULATOR_KEY.REGISTRAR_ONLY', 'Only the registrar registers or withdraws regulator keys.'),
  invalidJurisdiction: (value: string) =>
    badInput('REGULATOR_KEY.INVALID', `${value} is not a jurisdiction (an ISO 3166-1 alpha-2 code or EU).`, { field: 'jurisdiction' }),
  alreadyRegistered: (keyId: string, jurisdiction: string) =>
    conflict('REGULATOR_KEY.ALREADY_REGISTERED', `Key ${keyId} is already registered for ${jurisdiction}; a key is registered once.`, { keyId, jurisdiction }),
  notFound: (keyId: string, jurisdiction: string) =>
    notFound('REGULATOR_KEY.NOT_FOUND', `No key ${keyId} is registered for ${jurisdiction}.`, { keyId, jurisdiction }),
  notActive: (keyId: string, status: string) =>
    conflict('REGULATOR_KEY.NOT_ACTIVE', `Key ${keyId} is ${status}; only an active key can be replaced or withdrawn.`, { keyId, status }),
  reasonRequired: () => badInput('REGULATOR_KEY.REASON_REQUIRED', 'A reason is required.', { field: 'reason' }),
};
