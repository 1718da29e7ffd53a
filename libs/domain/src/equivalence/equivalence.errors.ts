import { badInput, conflict, forbidden, notFound } from '@registry/kernel';

export const EquivalenceErrors = {
  registrarProposes: () => forbidden('EQUIVALENCE.REGISTRAR_ONLY', 'Only the registrar proposes equivalences.'),
  notThatRegulator: (jurisdiction: string) =>
    forbidden('EQUIVALENCE.WRONG_JURISDICTION', `Only the regulator of ${jurisdiction} may countersign, reject or withdraw this equivalence.`, { jurisdiction }),
  alreadyExists: (id: string) => conflict('EQUIVALENCE.ALREADY_EXISTS', `Equivalence ${id} already exists.`, { equivalenceId: id }),
  notFound: (id: string) => notFound('EQUIVALENCE.NOT_FOUND', `Equivalence ${id} does not exist.`, { equivalenceId: id }),
  notProposed: (id: string, status: string) =>
    conflict('EQUIVALENCE.NOT_PROPOSED', `Equivalence ${id} is ${status}; only a pending proposal can be countersigned or rejected.`, { equivalenceId: id, status }),
  notWithdrawable: (id: string, status: string) =>
    conflict('EQUIVALENCE.NOT_WITHDRAWABLE', `Equivalence ${id} is ${status}; only a pending or countersigned one can be withdrawn.`, { equivalenceId: id, status }),
  hkSideMustBeHkAi: () => badInput('EQUIVALENCE.HK_SIDE_NOT_HK_AI', 'The HK side of an equivalence must be an HK-AI requirement.', { field: 'hk' }),
  foreignSideIsHkAi: () => badInput('EQUIVALENCE.FOREIGN_SIDE_IS_HK_AI', 'The foreign side must be another framework than HK-AI.', { field: 'foreign' }),
  unknownRequirement: (field: string) => notFound('EQUIVALENCE.UNKNOWN_REQUIREMENT', `${field} names a requirement no published framework version has.`, { field }),
  jurisdictionMismatch: (frameworkJurisdiction: string) =>
    badInput('EQUIVALENCE.JURISDICTION_MISMATCH', `foreignJurisdiction must be ${frameworkJurisdiction}, the jurisdiction of the foreign framework.`, { field: 'foreignJurisdiction' }),
  conditionsRule: (strength: string) =>
    badInput('EQUIVALENCE.CONDITIONS', strength === 'PARTIAL' ? 'A PARTIAL equivalence must list the conditions a firm has to meet.' : 'A FULL equivalence carries no conditions.', {
      field: 'conditions',
    }),
  duplicateCondition: (id: string) => badInput('EQUIVALENCE.DUPLICATE_CONDITION', `Condition ${id} appears twice.`, { field: 'conditions' }),
  reasonRequired: () => badInput('EQUIVALENCE.REASON_REQUIRED', 'A reason is required.', { field: 'reason' }),
};
