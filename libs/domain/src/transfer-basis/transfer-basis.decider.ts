import { Actor, assertNever, Decider } from '@registry/kernel';
import { isBefore, JURISDICTION, toTime } from '../shared/values';
import { TransferBasisCommand } from './transfer-basis.commands';
import { TransferBasisErrors } from './transfer-basis.errors';
import {
  DATA_SCOPE_MAX,
  DataTransferBasisRecorded,
  FILING_REFERENCE_MAX,
  GBA_JURISDICTIONS,
  TRANSFER_BASIS_ID,
  TRANSFER_MECHANISMS,
  TransferBasisEvent,
} from './transfer-basis.events';

type Basis = Omit<DataTransferBasisRecorded['data'], 'recordedAt'>;

/** NONE → RECORDED → WITHDRAWN (final: the id is never reused). */
export type TransferBasisState = { readonly status: 'NONE' } | { readonly status: 'RECORDED' | 'WITHDRAWN'; readonly basis: Basis };

const isOwner = (actor: Actor, ownerFirmId: string | null) => ownerFirmId !== null && actor.role === 'FIRM' && actor.scope === ownerFirmId;

const checkBasis = (d: Basis, issuedAt: string) => {
  if (!TRANSFER_BASIS_ID.test(d.basisId)) throw TransferBasisErrors.invalid('basisId', 'basisId must be 2 to 64 lowercase letters, digits or dashes');
  if (!JURISDICTION.test(d.originJurisdiction)) throw TransferBasisErrors.invalid('originJurisdiction', 'originJurisdiction must be a two-letter code or EU');
  if (!JURISDICTION.test(d.destinationJurisdiction))
    throw TransferBasisErrors.invalid('destinationJurisdiction', 'destinationJurisdiction must be a two-letter code or EU');
  if (d.originJurisdiction === d.destinationJurisdiction) throw TransferBasisErrors.sameJurisdiction();
  if (!TRANSFER_MECHANISMS.includes(d.mechanism)) throw TransferBasisErrors.invalid('mechanism', `mechanism must be one of ${TRANSFER_MECHANISMS.join(', ')}`);
  if (!d.dataScope.trim() || d.dataScope.length > DATA_SCOPE_MAX)
    throw TransferBasisErrors.invalid('dataScope', `dataScope must be 1 to ${DATA_SCOPE_MAX} characters`);
  if (d.filingReference !== null && (!d.filingReference.trim() || d.filingReference.length > FILING_REFERENCE_MAX))
    throw TransferBasisErrors.invalid('filingReference', `filingReference must be null or 1 to ${FILING_REFERENCE_MAX} characters`);
  if (d.filingDate !== null) {
    if (Number.isNaN(toTime(d.filingDate))) throw TransferBasisErrors.invalid('filingDate', 'filingDate must be an ISO-8601 instant');
    if (isBefore(issuedAt, d.filingDate)) throw TransferBasisErrors.filingDateInFuture();
  }
  if (d.mechanism === 'GBA_STANDARD_CONTRACT') {
    if (!GBA_JURISDICTIONS.includes(d.originJurisdiction)) throw TransferBasisErrors.outsideGba('originJurisdiction');
    if (!GBA_JURISDICTIONS.includes(d.destinationJurisdiction)) throw TransferBasisErrors.outsideGba('destinationJurisdiction');
    if (d.filingReference === null) throw TransferBasisErrors.filingRequired('filingReference');
    if (d.filingDate === null) throw TransferBasisErrors.filingRequired('filingDate');
  }
};

export const transferBasisDecider: Decider<TransferBasisCommand, TransferBasisEvent, TransferBasisState> = {
  initialState: () => ({ status: 'NONE' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'DataTransferBasisRecorded': {
        const { recordedAt: _recordedAt, ...basis } = event.data;
        return { status: 'RECORDED', basis };
      }
      case 'DataTransferBasisWithdrawn':
        return state.status === 'RECORDED' ? { ...state, status: 'WITHDRAWN' } : state;
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'RecordDataTransferBasis': {
        const { context, ...d } = command.data;
        if (context.ownerFirmId === null) throw TransferBasisErrors.modelNotFound(d.modelId);
        if (!isOwner(command.actor, context.ownerFirmId)) throw TransferBasisErrors.notModelOwner(false);
        if (state.status !== 'NONE') throw TransferBasisErrors.alreadyRecorded(d.basisId);
        checkBasis(d, command.issuedAt);
        return [{ type: 'DataTransferBasisRecorded', data: { ...d, recordedAt: command.issuedAt } }];
      }
      case 'WithdrawDataTransferBasis': {
        const { basisId, reason, context } = command.data;
        if (state.status === 'NONE') throw TransferBasisErrors.notFound(basisId);
        if (command.actor.role !== 'REGISTRAR' && !isOwner(command.actor, context.ownerFirmId)) throw TransferBasisErrors.notModelOwner(true);
        if (state.status === 'WITHDRAWN') throw TransferBasisErrors.alreadyWithdrawn(basisId);
        if (!reason.trim()) throw TransferBasisErrors.reasonRequired();
        return [{ type: 'DataTransferBasisWithdrawn', data: { basisId, modelId: state.basis.modelId, reason, withdrawnAt: command.issuedAt } }];
      }
      default:
        return assertNever(command);
    }
  },
};
