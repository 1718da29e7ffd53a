import { fold } from '@registry/kernel';
import { deciderSpec } from '@registry/kernel/testing/decider-spec';
import { RecordWeightsLocalisation, RelocateWeights, WithdrawLocalisation } from './localisation.commands';
import { localisationDecider } from './localisation.decider';
import { LocalisationEvent, localisationStreamId, WeightsLocalisationRecorded } from './localisation.events';
import { acme, globex, registrar, cb1 as certifier, cac as regulator, at } from '../testing/parties';

const digest = 'sha256:' + 'a'.repeat(64);
const otherDigest = 'sha256:' + 'b'.repeat(64);

const place = { hostingJurisdiction: 'HK', facility: 'Tseung Kwan O DC, hall 3', custodian: 'HK Data Vault Ltd', attestedBy: 'Jane Chan, CISO' };
const recordData: Omit<RecordWeightsLocalisation['data'], 'context'> = { modelId: 'lendwise', version: '1.0', weightsDigest: digest, ...place };
const context = { ownerFirmId: 'acme', versionDigest: digest };
const owner = { ownerFirmId: 'acme' };

const record = (over: Partial<RecordWeightsLocalisation['data']> = {}, actor = acme): RecordWeightsLocalisation => ({
  type: 'RecordWeightsLocalisation',
  data: { ...recordData, context, ...over },
  actor,
  issuedAt: at,
});
const relocate = (over: Partial<RelocateWeights['data']> = {}, actor = acme): RelocateWeights => ({
  type: 'RelocateWeights',
  data: { modelId: 'lendwise', version: '1.0', ...place, hostingJurisdiction: 'CN', facility: 'Qianhai DC', context: owner, ...over },
  actor,
  issuedAt: at,
});
const withdraw = (over: Partial<WithdrawLocalisation['data']> = {}, actor = acme): WithdrawLocalisation => ({
  type: 'WithdrawLocalisation',
  data: { modelId: 'lendwise', version: '1.0', reason: 'decommissioned', context: owner, ...over },
  actor,
  issuedAt: at,
});

const recorded: WeightsLocalisationRecorded = {
  type: 'WeightsLocalisationRecorded',
  data: { ...recordData, digestMatchesVersion: true, recordedAt: '2026-10-01T00:00:00.000Z' },
};
const withdrawn: LocalisationEvent = {
  type: 'LocalisationWithdrawn',
  data: { modelId: 'lendwise', version: '1.0', reason: 'x', withdrawnAt: '2026-10-02T00:00:00.000Z' },
};
const relocated: LocalisationEvent = {
  type: 'WeightsRelocated',
  data: { modelId: 'lendwise', version: '1.0', ...place, hostingJurisdiction: 'CN', facility: 'Qianhai DC', relocatedAt: '2026-10-03T00:00:00.000Z' },
};
const spec = deciderSpec(localisationDecider);

describe('localisation decider', () => {
  it('names one stream per model version', () => expect(localisationStreamId('lendwise', '1.0')).toBe('localisation-lendwise/1.0'));

  describe('RecordWeightsLocalisation', () => {
    it('records where the owner hosts the version’s weights, stamped with the command time', () =>
      spec
        .given([])
        .when(record())
        .then([{ type: 'WeightsLocalisationRecorded', data: { ...recordData, digestMatchesVersion: true, recordedAt: at } }]));
    it('records a digest other than the version’s as stated, flagged as not matching (the verdict reports the integrity failure)', () =>
      spec
        .given([])
        .when(record({ weightsDigest: otherDigest }))
        .then([{ type: 'WeightsLocalisationRecorded', data: { ...recordData, weightsDigest: otherDigest, digestMatchesVersion: false, recordedAt: at } }]));
    it('records again after a withdrawal', () =>
      spec
        .given([recorded, withdrawn])
        .when(record())
        .then([{ type: 'WeightsLocalisationRecorded', data: { ...recordData, digestMatchesVersion: true, recordedAt: at } }]));
    it('refuses an unknown model version (or model)', () => {
      spec
        .given([])
        .when(record({ context: { ...context, versionDigest: null } }))
        .thenFails('LOCALISATION.MODEL_VERSION_NOT_FOUND');
      spec
        .given([])
        .when(record({ context: { ownerFirmId: null, versionDigest: null } }))
        .thenFails('LOCALISATION.MODEL_VERSION_NOT_FOUND');
    });
    it.each([globex, registrar, certifier, regulator])('refuses anyone but the owning firm (%o)', (actor) =>
      spec.given([]).when(record({}, actor)).thenFails('LOCALISATION.NOT_MODEL_OWNER'),
    );
    it('refuses a second record while one stands: relocate instead', () => {
      spec.given([recorded]).when(record()).thenFails('LOCALISATION.ALREADY_RECORDED');
      spec.given([recorded, relocated]).when(record()).thenFails('LOCALISATION.ALREADY_RECORDED');
    });
    it('refuses a malformed digest', () =>
      spec
        .given([])
        .when(record({ weightsDigest: 'sha256:ABC' }))
        .thenFails('INPUT.INVALID_DIGEST'));
    it.each([
      ['hostingJurisdiction', { hostingJurisdiction: 'Hong Kong' }],
      ['facility', { facility: '  ' }],
      ['custodian', { custodian: '' }],
      ['attestedBy', { attestedBy: '' }],
      ['facility (too long)', { facility: 'x'.repeat(201) }],
    ])('refuses an invalid %s', (_field, over) => spec.given([]).when(record(over)).thenFails('LOCALISATION.INVALID'));
  });

  describe('RelocateWeights', () => {
    const relocatedNow = {
      type: 'WeightsRelocated',
      data: { modelId: 'lendwise', version: '1.0', ...place, hostingJurisdiction: 'CN', facility: 'Qianhai DC', relocatedAt: at },
    };

    it('lets the owner move the weights, keeping the recorded digest', () => {
      spec
        .given([recorded])
        .when(relocate())
        .then([relocatedNow as LocalisationEvent]);
      const state = fold(localisationDecider, [recorded, relocated]);
      expect(state).toEqual({ status: 'RECORDED', ...recordData, hostingJurisdiction: 'CN', facility: 'Qianhai DC', digestMatchesVersion: true });
    });
    it('counts a new custodian or a new attestation at the same place as a change', () => {
      spec
        .given([recorded])
        .when(relocate({ ...place, custodian: 'Other Custodian Ltd' }))
        .then([{ type: 'WeightsRelocated', data: { modelId: 'lendwise', version: '1.0', ...place, custodian: 'Other Custodian Ltd', relocatedAt: at } }]);
      spec
        .given([recorded])
        .when(relocate({ ...place, attestedBy: 'John Lee, auditor' }))
        .then([{ type: 'WeightsRelocated', data: { modelId: 'lendwise', version: '1.0', ...place, attestedBy: 'John Lee, auditor', relocatedAt: at } }]);
    });
    it('refuses a version without a localisation record', () => spec.given([]).when(relocate()).thenFails('LOCALISATION.NOT_FOUND'));
    it('refuses a withdrawn record', () => spec.given([recorded, withdrawn]).when(relocate()).thenFails('LOCALISATION.WITHDRAWN'));
    it.each([globex, registrar, certifier])('refuses anyone but the owning firm (%o)', (actor) =>
      spec.given([recorded]).when(relocate({}, actor)).thenFails('LOCALISATION.NOT_MODEL_OWNER'),
    );
    it('refuses a relocation that changes nothing', () => spec.given([recorded]).when(relocate(place)).thenFails('LOCALISATION.UNCHANGED'));
    it('refuses invalid places', () => {
      spec
        .given([recorded])
        .when(relocate({ hostingJurisdiction: 'cn' }))
        .thenFails('LOCALISATION.INVALID');
      spec
        .given([recorded])
        .when(relocate({ custodian: ' ' }))
        .thenFails('LOCALISATION.INVALID');
    });
  });

  describe('WithdrawLocalisation', () => {
    const withdrawnNow: LocalisationEvent = {
      type: 'LocalisationWithdrawn',
      data: { modelId: 'lendwise', version: '1.0', reason: 'decommissioned', withdrawnAt: at },
    };

    it('lets the owner withdraw the record', () => spec.given([recorded, relocated]).when(withdraw()).then([withdrawnNow]));
    it('lets the registrar withdraw the record', () => spec.given([recorded]).when(withdraw({}, registrar)).then([withdrawnNow]));
    it.each([globex, certifier, regulator])('refuses anyone else (%o)', (actor) =>
      spec.given([recorded]).when(withdraw({}, actor)).thenFails('LOCALISATION.NOT_MODEL_OWNER'),
    );
    it('refuses a version without a localisation record', () => spec.given([]).when(withdraw()).thenFails('LOCALISATION.NOT_FOUND'));
    it('refuses a record already withdrawn', () => spec.given([recorded, withdrawn]).when(withdraw()).thenFails('LOCALISATION.ALREADY_WITHDRAWN'));
    it('refuses a withdrawal without a reason', () =>
      spec
        .given([recorded])
        .when(withdraw({ reason: ' ' }))
        .thenFails('LOCALISATION.REASON_REQUIRED'));
  });
});
