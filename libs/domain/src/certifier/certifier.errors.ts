import { badInput, conflict, forbidden, notFound } from '@registry/kernel';

export const CertifierErrors = {
  registrarOnly: () => forbidden('CERTIFIER.REGISTRAR_ONLY', 'Only the registrar accredits, suspends, reinstates or withdraws certifiers.'),
  alreadyAccredited: (id: string) => conflict('CERTIFIER.ALREADY_ACCREDITED', `Certifier ${id} is already accredited.`, { certifierId: id }),
  notFound: (id: string) => notFound('CERTIFIER.NOT_FOUND', `Certifier ${id} is not accredited.`, { certifierId: id }),
  notActive: (id: string, status: string) => conflict('CERTIFIER.NOT_ACTIVE', `Certifier ${id} is ${status}, not active.`, { certifierId: id, status }),
  notSuspended: (id: string, status: string) =>
    conflict('CERTIFIER.NOT_SUSPENDED', `Certifier ${id} is ${status}, not suspended.`, { certifierId: id, status }),
  withdrawn: (id: string) => conflict('CERTIFIER.WITHDRAWN', `Certifier ${id}'s accreditation was withdrawn; that is final.`, { certifierId: id }),
  invalid: (field: string, message: string) => badInput('CERTIFIER.INVALID', message, { field }),
  reasonRequired: () => badInput('CERTIFIER.REASON_REQUIRED', 'A reason is required.', { field: 'reason' }),
};
