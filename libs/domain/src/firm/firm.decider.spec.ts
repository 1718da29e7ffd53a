import { Actor } from '@registry/kernel';
import { deciderSpec } from '@registry/kernel/testing/decider-spec';
import { firmDecider } from './firm.decider';
import { FirmEvent } from './firm.events';
import { registrar, acme, globex as otherFirm, cb1 as certifier, at } from '../testing/parties';

const registered: FirmEvent = {
  type: 'FirmRegistered',
  data: { firmId: 'acme', name: 'Acme AI Ltd', jurisdiction: 'HK', registeredAt: '2026-11-01T00:00:00.000Z' },
};
const spec = deciderSpec(firmDecider);

describe('firm decider', () => {
  describe('RegisterFirm', () => {
    const register = (actor: Actor) => ({
      type: 'RegisterFirm' as const,
      data: { firmId: 'acme', name: 'Acme AI Ltd', jurisdiction: 'HK' },
      actor,
      issuedAt: at,
    });

    it('registers a new firm, stamped with the command time', () =>
      spec
        .given([])
        .when(register(registrar))
        .then([{ type: 'FirmRegistered', data: { firmId: 'acme', name: 'Acme AI Ltd', jurisdiction: 'HK', registeredAt: at } }]));
    it('refuses a firm registered twice', () => spec.given([registered]).when(register(registrar)).thenFails('FIRM.ALREADY_REGISTERED'));
    it.each([acme, certifier])('refuses anyone but the registrar (%o)', (actor) => spec.given([]).when(register(actor)).thenFails('FIRM.REGISTRAR_ONLY'));
  });

  describe('RenameFirm', () => {
    const rename = (actor: Actor, name = 'Acme Intelligence Ltd') => ({ type: 'RenameFirm' as const, data: { firmId: 'acme', name }, actor, issuedAt: at });

    it('lets the firm itself rename it', () =>
      spec
        .given([registered])
        .when(rename(acme))
        .then([{ type: 'FirmRenamed', data: { firmId: 'acme', name: 'Acme Intelligence Ltd', renamedAt: at } }]));
    it('lets the registrar rename it', () =>
      spec
        .given([registered])
        .when(rename(registrar))
        .then([{ type: 'FirmRenamed', data: { firmId: 'acme', name: 'Acme Intelligence Ltd', renamedAt: at } }]));
    it('refuses another firm', () => spec.given([registered]).when(rename(otherFirm)).thenFails('FIRM.NOT_YOUR_FIRM'));
    it('refuses an unknown firm', () => spec.given([]).when(rename(registrar)).thenFails('FIRM.NOT_FOUND'));
    it('refuses a rename to the same name', () => spec.given([registered]).when(rename(acme, 'Acme AI Ltd')).thenFails('FIRM.NAME_UNCHANGED'));
  });
});
