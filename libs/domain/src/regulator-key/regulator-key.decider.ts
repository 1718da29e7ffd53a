import { assertNever, Decider } from '@registry/kernel';
import { isAtOrBefore, isBefore, isJurisdiction } from '../shared/values';
import { RegulatorKeyCommand } from './regulator-key.commands';
import { RegulatorKeyErrors } from './regulator-key.errors';
import { PublicJwk, RegulatorKeyAlgorithm, RegulatorKeyEvent } from './regulator-key.events';

/** One key of a jurisdiction, as long as the log lasts: rotated and withdrawn keys are kept to verify past signatures. */
export interface RegulatorKeyRecord {
  readonly keyId: string;
  readonly alg: RegulatorKeyAlgorithm;
  readonly jwk: PublicJwk;
  readonly status: 'ACTIVE' | 'ROTATED' | 'WITHDRAWN';
  readonly validFrom: string;
  /** Exclusive; null while active. Set by a rotation (the successor's validFrom) or a withdrawal. */
  readonly validUntil: string | null;
  readonly replacedBy: string | null;
  readonly withdrawalReason: string | null;
}

export type RegulatorKeyState =
  { readonly status: 'NONE' } | { readonly status: 'KEYS'; readonly jurisdiction: string; readonly keys: readonly RegulatorKeyRecord[] };

/** The keys of the jurisdiction that could sign at `at` (inside their validity window). */
export const regulatorKeysValidAt = (state: RegulatorKeyState, at: string): RegulatorKeyRecord[] =>
  state.status === 'NONE' ? [] : state.keys.filter((k) => isAtOrBefore(k.validFrom, at) && (k.validUntil === null || isBefore(at, k.validUntil)));

const closeKey = (keys: readonly RegulatorKeyRecord[], keyId: string, change: Partial<RegulatorKeyRecord>) =>
  keys.map((k) => (k.keyId === keyId ? { ...k, ...change } : k));

export const regulatorKeyDecider: Decider<RegulatorKeyCommand, RegulatorKeyEvent, RegulatorKeyState> = {
  initialState: () => ({ status: 'NONE' }),

  evolve: (state, event) => {
    const keys = state.status === 'KEYS' ? state.keys : [];
    switch (event.type) {
      case 'RegulatorKeyRegistered': {
        const { jurisdiction, keyId, alg, jwk, validFrom, replacesKeyId } = event.data;
        const kept = replacesKeyId ? closeKey(keys, replacesKeyId, { status: 'ROTATED', validUntil: validFrom, replacedBy: keyId }) : keys;
        return {
          status: 'KEYS',
          jurisdiction,
          keys: [...kept, { keyId, alg, jwk, status: 'ACTIVE', validFrom, validUntil: null, replacedBy: null, withdrawalReason: null }],
        };
      }
      case 'RegulatorKeyWithdrawn':
        return state.status === 'KEYS'
          ? {
              ...state,
              keys: closeKey(keys, event.data.keyId, { status: 'WITHDRAWN', validUntil: event.data.withdrawnAt, withdrawalReason: event.data.reason }),
            }
          : state;
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    if (command.actor.role !== 'REGISTRAR') throw RegulatorKeyErrors.registrarOnly();
    const { jurisdiction } = command.data;
    if (!isJurisdiction(jurisdiction)) throw RegulatorKeyErrors.invalidJurisdiction(jurisdiction);
    const keys = state.status === 'KEYS' ? state.keys : [];
    const activeKey = (keyId: string) => {
      const found = keys.find((k) => k.keyId === keyId);
      if (!found) throw RegulatorKeyErrors.notFound(keyId, jurisdiction);
      if (found.status !== 'ACTIVE') throw RegulatorKeyErrors.notActive(keyId, found.status);
      return found;
    };
    switch (command.type) {
      case 'RegisterRegulatorKey': {
        const { key, replacesKeyId } = command.data;
        if (keys.some((k) => k.keyId === key.keyId)) throw RegulatorKeyErrors.alreadyRegistered(key.keyId, jurisdiction);
        if (replacesKeyId !== null) activeKey(replacesKeyId);
        return [
          {
            type: 'RegulatorKeyRegistered',
            data: { jurisdiction, keyId: key.keyId, alg: key.alg, jwk: key.jwk, validFrom: command.issuedAt, replacesKeyId, registeredAt: command.issuedAt },
          },
        ];
      }
      case 'WithdrawRegulatorKey': {
        const { keyId, reason } = command.data;
        activeKey(keyId);
        if (!reason.trim()) throw RegulatorKeyErrors.reasonRequired();
        return [{ type: 'RegulatorKeyWithdrawn', data: { jurisdiction, keyId, reason, withdrawnAt: command.issuedAt } }];
      }
      default:
        return assertNever(command);
    }
  },
};
