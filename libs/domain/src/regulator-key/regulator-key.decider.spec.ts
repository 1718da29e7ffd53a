import { fold } from '@registry/kernel';
import { deciderSpec } from '@registry/kernel/testing/decider-spec';
import { RegisterRegulatorKey } from './regulator-key.commands';
import { regulatorKeyDecider, regulatorKeysValidAt } from './regulator-key.decider';
import { RegulatorKeyEvent } from './regulator-key.events';
import { registrar, euAiOffice as euRegulator, at } from '../testing/parties';

const k1 = { keyId: 'thumb-1', alg: 'ES256' as const, jwk: { kty: 'EC', crv: 'P-256', x: 'x1', y: 'y1' } };
const k2 = { keyId: 'thumb-2', alg: 'EdDSA' as const, jwk: { kty: 'OKP', crv: 'Ed25519', x: 'x2' } };
const registered1: RegulatorKeyEvent = {
  type: 'RegulatorKeyRegistered',
  data: { jurisdiction: 'EU', ...k1, validFrom: '2026-01-01T00:00:00.000Z', replacesKeyId: null, registeredAt: '2026-01-01T00:00:00.000Z' },
};
const rotated: RegulatorKeyEvent = {
  type: 'RegulatorKeyRegistered',
  data: { jurisdiction: 'EU', ...k2, validFrom: '2026-06-01T00:00:00.000Z', replacesKeyId: 'thumb-1', registeredAt: '2026-06-01T00:00:00.000Z' },
};
const withdrawn2: RegulatorKeyEvent = {
  type: 'RegulatorKeyWithdrawn',
  data: { jurisdiction: 'EU', keyId: 'thumb-2', reason: 'compromised', withdrawnAt: '2026-09-01T00:00:00.000Z' },
};

const spec = deciderSpec(regulatorKeyDecider);
const register = (over: Partial<RegisterRegulatorKey['data']> = {}, actor = registrar): RegisterRegulatorKey => ({
  type: 'RegisterRegulatorKey',
  data: { jurisdiction: 'EU', key: k1, replacesKeyId: null, ...over },
  actor,
  issuedAt: at,
});
const withdraw = (keyId: string, reason = 'compromised', actor = registrar) => ({
  type: 'WithdrawRegulatorKey' as const,
  data: { jurisdiction: 'EU', keyId, reason },
  actor,
  issuedAt: at,
});

describe('regulator key decider', () => {
  it('registers a jurisdiction’s first key, valid from the command time', () =>
    spec
      .given([])
      .when(register())
      .then([{ type: 'RegulatorKeyRegistered', data: { jurisdiction: 'EU', ...k1, validFrom: at, replacesKeyId: null, registeredAt: at } }]));
  it('adds a second key alongside (e.g. EdDSA next to ES256) or rotates one out', () => {
    spec
      .given([registered1])
      .when(register({ key: k2 }))
      .then([{ type: 'RegulatorKeyRegistered', data: { jurisdiction: 'EU', ...k2, validFrom: at, replacesKeyId: null, registeredAt: at } }]);
    spec
      .given([registered1])
      .when(register({ key: k2, replacesKeyId: 'thumb-1' }))
      .then([{ type: 'RegulatorKeyRegistered', data: { jurisdiction: 'EU', ...k2, validFrom: at, replacesKeyId: 'thumb-1', registeredAt: at } }]);
  });
  it('withdraws an active key with a reason', () =>
    spec
      .given([registered1])
      .when(withdraw('thumb-1'))
      .then([{ type: 'RegulatorKeyWithdrawn', data: { jurisdiction: 'EU', keyId: 'thumb-1', reason: 'compromised', withdrawnAt: at } }]));
  it('refuses anyone but the registrar, even the regulator of the jurisdiction', () => {
    spec.given([]).when(register({}, euRegulator)).thenFails('REGULATOR_KEY.REGISTRAR_ONLY');
    spec
      .given([registered1])
      .when(withdraw('thumb-1', 'x', euRegulator))
      .thenFails('REGULATOR_KEY.REGISTRAR_ONLY');
  });
  it('refuses a bad jurisdiction, a key registered twice, and replacing or withdrawing a key that is unknown or no longer active', () => {
    spec
      .given([])
      .when(register({ jurisdiction: 'XX' }))
      .thenFails('REGULATOR_KEY.INVALID');
    spec
      .given([])
      .when(register({ jurisdiction: 'eu' }))
      .thenFails('REGULATOR_KEY.INVALID');
    spec.given([registered1]).when(register()).thenFails('REGULATOR_KEY.ALREADY_REGISTERED');
    spec
      .given([registered1, rotated])
      .when(register({ key: k1 }))
      .thenFails('REGULATOR_KEY.ALREADY_REGISTERED');
    spec
      .given([])
      .when(register({ replacesKeyId: 'thumb-1' }))
      .thenFails('REGULATOR_KEY.NOT_FOUND');
    spec
      .given([registered1, rotated])
      .when(register({ key: { ...k2, keyId: 'thumb-3' }, replacesKeyId: 'thumb-1' }))
      .thenFails('REGULATOR_KEY.NOT_ACTIVE');
    spec.given([]).when(withdraw('thumb-1')).thenFails('REGULATOR_KEY.NOT_FOUND');
    spec.given([registered1, rotated, withdrawn2]).when(withdraw('thumb-2')).thenFails('REGULATOR_KEY.NOT_ACTIVE');
    spec.given([registered1]).when(withdraw('thumb-1', '  ')).thenFails('REGULATOR_KEY.REASON_REQUIRED');
  });
  it('keeps rotated and withdrawn keys with the window in which they could sign', () => {
    const state = fold(regulatorKeyDecider, [registered1, rotated, withdrawn2]);
    expect(state).toMatchObject({
      status: 'KEYS',
      keys: [
        { keyId: 'thumb-1', status: 'ROTATED', validFrom: '2026-01-01T00:00:00.000Z', validUntil: '2026-06-01T00:00:00.000Z', replacedBy: 'thumb-2' },
        {
          keyId: 'thumb-2',
          status: 'WITHDRAWN',
          validFrom: '2026-06-01T00:00:00.000Z',
          validUntil: '2026-09-01T00:00:00.000Z',
          withdrawalReason: 'compromised',
        },
      ],
    });
    expect(regulatorKeysValidAt(state, '2026-03-01T00:00:00.000Z').map((k) => k.keyId)).toEqual(['thumb-1']);
    expect(regulatorKeysValidAt(state, '2026-06-01T00:00:00.000Z').map((k) => k.keyId)).toEqual(['thumb-2']);
    expect(regulatorKeysValidAt(state, '2026-09-01T00:00:00.000Z')).toEqual([]);
    expect(regulatorKeysValidAt(state, '2025-12-31T23:59:59.000Z')).toEqual([]);
  });
});
