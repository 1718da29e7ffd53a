import { conflict, forbidden, notFound } from '@registry/kernel';

export const FirmErrors = {
  alreadyRegistered: (firmId: string) => conflict('FIRM.ALREADY_REGISTERED', `Firm ${firmId} is already registered.`, { firmId }),
  notFound: (firmId: string) => notFound('FIRM.NOT_FOUND', `Firm ${firmId} is not registered.`, { firmId }),
  registrarOnly: () => forbidden('FIRM.REGISTRAR_ONLY', 'Only the registrar registers firms.'),
  notYourFirm: (firmId: string) => forbidden('FIRM.NOT_YOUR_FIRM', `Only the registrar or firm ${firmId} itself may change it.`, { firmId }),
  sameName: (firmId: string) => conflict('FIRM.NAME_UNCHANGED', `Firm ${firmId} already has that name.`, { firmId }),
};
