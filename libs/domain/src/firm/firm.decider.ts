import { assertNever, Decider } from '@registry/kernel';
import { FirmCommand } from './firm.commands';
import { FirmErrors } from './firm.errors';
import { FirmEvent } from './firm.events';

/** A firm (model owner) as registered by the registrar. Impossible states are not representable. */
export type FirmState =
  { readonly status: 'UNREGISTERED' } | { readonly status: 'REGISTERED'; readonly firmId: string; readonly name: string; readonly jurisdiction: string };

export const firmDecider: Decider<FirmCommand, FirmEvent, FirmState> = {
  initialState: () => ({ status: 'UNREGISTERED' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'FirmRegistered':
        return { status: 'REGISTERED', firmId: event.data.firmId, name: event.data.name, jurisdiction: event.data.jurisdiction };
      case 'FirmRenamed':
        return state.status === 'REGISTERED' ? { ...state, name: event.data.name } : state;
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'RegisterFirm': {
        if (command.actor.role !== 'REGISTRAR') throw FirmErrors.registrarOnly();
        if (state.status !== 'UNREGISTERED') throw FirmErrors.alreadyRegistered(command.data.firmId);
        return [{ type: 'FirmRegistered', data: { ...command.data, registeredAt: command.issuedAt } }];
      }
      case 'RenameFirm': {
        const { firmId, name } = command.data;
        const isOwner = command.actor.role === 'FIRM' && command.actor.scope === firmId;
        if (command.actor.role !== 'REGISTRAR' && !isOwner) throw FirmErrors.notYourFirm(firmId);
        if (state.status !== 'REGISTERED') throw FirmErrors.notFound(firmId);
        if (state.name === name) throw FirmErrors.sameName(firmId);
        return [{ type: 'FirmRenamed', data: { firmId, name, renamedAt: command.issuedAt } }];
      }
      default:
        return assertNever(command);
    }
  },
};
