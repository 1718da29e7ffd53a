import { Actor, assertNever, Decider } from '@registry/kernel';
import { assertDigest, JURISDICTION } from '../shared/values';
import { LocalisationCommand } from './localisation.commands';
import { LocalisationErrors } from './localisation.errors';
import { LOCALISATION_TEXT_MAX, LocalisationEvent, WeightsLocalisationRecorded } from './localisation.events';

export type LocalisationRecord = Omit<WeightsLocalisationRecorded['data'], 'recordedAt'>;

/** NONE → RECORDED (relocated in place) → WITHDRAWN → RECORDED again: a withdrawal is not final. */
export type LocalisationState =
  | { readonly status: 'NONE' }
  | ({ readonly status: 'RECORDED' } & Readonly<LocalisationRecord>)
  | { readonly status: 'WITHDRAWN'; readonly modelId: string; readonly version: string };

type Place = Pick<LocalisationRecord, 'hostingJurisdiction' | 'facility' | 'custodian' | 'attestedBy'>;

const isOwner = (actor: Actor, ownerFirmId: string | null) => ownerFirmId !== null && actor.role === 'FIRM' && actor.scope === ownerFirmId;

const checkPlace = (p: Place) => {
  if (!JURISDICTION.test(p.hostingJurisdiction)) throw LocalisationErrors.invalid('hostingJurisdiction', 'hostingJurisdiction must be a two-letter code or EU');
  for (const field of ['facility', 'custodian', 'attestedBy'] as const) {
    const value = p[field];
    if (!value.trim() || value.length > LOCALISATION_TEXT_MAX)
      throw LocalisationErrors.invalid(field, `${field} must be 1 to ${LOCALISATION_TEXT_MAX} characters`);
  }
};

export const localisationDecider: Decider<LocalisationCommand, LocalisationEvent, LocalisationState> = {
  initialState: () => ({ status: 'NONE' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'WeightsLocalisationRecorded': {
        const { recordedAt: _recordedAt, ...record } = event.data;
        return { status: 'RECORDED', ...record };
      }
      case 'WeightsRelocated': {
        if (state.status !== 'RECORDED') return state;
        const { hostingJurisdiction, facility, custodian, attestedBy } = event.data;
        return { ...state, hostingJurisdiction, facility, custodian, attestedBy };
      }
      case 'LocalisationWithdrawn':
        return state.status === 'RECORDED' ? { status: 'WITHDRAWN', modelId: state.modelId, version: state.version } : state;
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'RecordWeightsLocalisation': {
        const { context, ...d } = command.data;
        if (context.ownerFirmId === null || context.versionDigest === null) throw LocalisationErrors.modelVersionNotFound(d.modelId, d.version);
        if (!isOwner(command.actor, context.ownerFirmId)) throw LocalisationErrors.notModelOwner(false);
        if (state.status === 'RECORDED') throw LocalisationErrors.alreadyRecorded(d.modelId, d.version);
        assertDigest('weightsDigest', d.weightsDigest);
        checkPlace(d);
        // A stated digest other than the version's is recorded, not refused: the verdict reports it as an integrity failure.
        const digestMatchesVersion = d.weightsDigest === context.versionDigest;
        return [{ type: 'WeightsLocalisationRecorded', data: { ...d, digestMatchesVersion, recordedAt: command.issuedAt } }];
      }
      case 'RelocateWeights': {
        const { context, ...d } = command.data;
        if (state.status === 'NONE') throw LocalisationErrors.notFound(d.modelId, d.version);
        if (!isOwner(command.actor, context.ownerFirmId)) throw LocalisationErrors.notModelOwner(false);
        if (state.status === 'WITHDRAWN') throw LocalisationErrors.withdrawn(d.modelId, d.version);
        checkPlace(d);
        const unchanged =
          d.hostingJurisdiction === state.hostingJurisdiction &&
          d.facility === state.facility &&
          d.custodian === state.custodian &&
          d.attestedBy === state.attestedBy;
        if (unchanged) throw LocalisationErrors.unchanged(d.modelId, d.version);
        return [{ type: 'WeightsRelocated', data: { ...d, relocatedAt: command.issuedAt } }];
      }
      case 'WithdrawLocalisation': {
        const { modelId, version, reason, context } = command.data;
        if (state.status === 'NONE') throw LocalisationErrors.notFound(modelId, version);
        if (command.actor.role !== 'REGISTRAR' && !isOwner(command.actor, context.ownerFirmId)) throw LocalisationErrors.notModelOwner(true);
        if (state.status === 'WITHDRAWN') throw LocalisationErrors.alreadyWithdrawn(modelId, version);
        if (!reason.trim()) throw LocalisationErrors.reasonRequired();
        return [{ type: 'LocalisationWithdrawn', data: { modelId, version, reason, withdrawnAt: command.issuedAt } }];
      }
      default:
        return assertNever(command);
    }
  },
};
