import { badInput, conflict, forbidden, notFound } from '@registry/kernel';

export const EquivalenceErrors = {
  registrarProposes: () => forbidden('EQUIVALENCE.REGISTRAR_ONLY', 'Only the registrar proposes equivalences.'),
  notThatRegulator: (jurisdiction: string) =>
    forbidden('EQUIVALENCE.WRONG_JURISDICTION', `Only the regulator of ${jurisdiction} may countersign, reject or withdraw this equivalence.`, {
      jurisdiction,
    }),
  alreadyExists: (id: string) => conflict('EQUIVALENCE.ALREADY_EXISTS', `Equivalence ${id} already exists.`, { equivalenceId: id }),
  notFound: (id: string) => notFound('EQUIVALENCE.NOT_FOUND', `Equivalence ${id} does not exist.`, { equivalenceId: id }),
  notProposed: (id: string, status: string) =>
    conflict('EQUIVALENCE.NOT_PROPOSED', `Equivalence ${id} is ${status}; only a pending proposal can be countersigned or rejected.`, {
      equivalenceId: id,
      status,
    }),
  notWithdrawable: (id: string, status: string) =>
    conflict('EQUIVALENCE.NOT_WITHDRAWABLE', `Equivalence ${id} is ${status}; only a pending or countersigned one can be withdrawn.`, {
      equivalenceId: id,
      status,
    }),
  hkSideMustBeHkAi: () => badInput('EQUIVALENCE.HK_SIDE_NOT_HK_AI', 'The HK side of an equivalence must be an HK-AI requirement.', { field: 'hk' }),
  foreignSideIsHkAi: () => badInput('EQUIVALENCE.FOREIGN_SIDE_IS_HK_AI', 'The foreign side must be another framework than HK-AI.', { field: 'foreign' }),
  unknownRequirement: (field: string) =>
    notFound('EQUIVALENCE.UNKNOWN_REQUIREMENT', `${field} names a requirement no published framework version has.`, { field }),
  jurisdictionMismatch: (frameworkJurisdiction: string) =>
    badInput('EQUIVALENCE.JURISDICTION_MISMATCH', `foreignJurisdiction must be ${frameworkJurisdiction}, the jurisdiction of the foreign framework.`, {
      field: 'foreignJurisdiction',
    }),
  conditionsRule: (strength: string) =>
    badInput(
      'EQUIVALENCE.CONDITIONS',
      strength === 'PARTIAL' ? 'A PARTIAL equivalence must list the conditions a firm has to meet.' : 'A FULL equivalence carries no conditions.',
      {
        field: 'conditions',
      },
    ),
  duplicateCondition: (id: string) => badInput('EQUIVALENCE.DUPLICATE_CONDITION', `Condition ${id} appears twice.`, { field: 'conditions' }),
  countersignature: (outcome: string, detail: string, keyId: string | null) => {
    const details = { field: 'jws', ...(keyId ? { keyId } : {}) };
    switch (outcome) {
      case 'MALFORMED':
        return badInput('COUNTERSIGNATURE.MALFORMED', `The countersignature is not a detached JWS the registry accepts: ${detail}.`, details);
      case 'NO_KEY':
        return forbidden(
          'COUNTERSIGNATURE.NO_REGULATOR_KEY',
          `No regulator key is registered: ${detail}. The registrar registers the regulator's public key first.`,
          details,
        );
      case 'UNKNOWN_KEY':
        return forbidden('COUNTERSIGNATURE.UNKNOWN_KEY', `The countersignature names no key registered for this jurisdiction: ${detail}.`, details);
      case 'KEY_NOT_VALID':
        return forbidden('COUNTERSIGNATURE.KEY_NOT_VALID', `The countersigning key is not valid now: ${detail}.`, details);
      case 'BAD_SIGNATURE':
        return forbidden('COUNTERSIGNATURE.INVALID_SIGNATURE', `The countersignature does not verify: ${detail}.`, details);
      default:
        return forbidden('COUNTERSIGNATURE.NOT_VERIFIED', 'The countersignature was not verified against the proposal.', details);
    }
  },
  reasonRequired: () => badInput('EQUIVALENCE.REASON_REQUIRED', 'A reason is required.', { field: 'reason' }),
};
