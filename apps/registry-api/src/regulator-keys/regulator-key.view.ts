import { HistoryEvent, RegulatorKeys, RegulatorKeyStatus } from '@registry/contract';
import { RegulatorKeyState } from '@registry/domain';

export type RegulatorKeysView = RegulatorKeys;

/** The jurisdiction's keys at one version of its stream (history cut to that version, as the other entity views). */
export const toRegulatorKeysView = (
  jurisdiction: string,
  state: RegulatorKeyState,
  version: number,
  fullHistory: readonly HistoryEvent[],
): RegulatorKeysView => ({
  jurisdiction,
  keys:
    state.status === 'NONE'
      ? []
      : state.keys.map((k) => ({
          keyId: k.keyId,
          jurisdiction,
          alg: k.alg,
          jwk: { ...k.jwk },
          status: k.status as RegulatorKeyStatus,
          validFrom: new Date(k.validFrom),
          validUntil: k.validUntil ? new Date(k.validUntil) : null,
          replacedBy: k.replacedBy,
          withdrawalReason: k.withdrawalReason,
        })),
  version,
  history: fullHistory.filter((h) => h.streamVersion <= version),
});
