import { Actor } from '@registry/kernel';
import { canSeeRestricted, redact } from './visibility';

const owners = { firmId: 'acme', certifierIds: ['cb-001'] };
const who: [string, Actor | undefined, boolean][] = [
  ['anonymous', undefined, false],
  ['the registrar', { subject: 'r', role: 'REGISTRAR' }, true],
  ['a regulator', { subject: 'eu', role: 'REGULATOR', scope: 'EU' }, true],
  ['the owning firm', { subject: 'a', role: 'FIRM', scope: 'acme' }, true],
  ['another firm', { subject: 'g', role: 'FIRM', scope: 'globex' }, false],
  ['the certifier of the model', { subject: 'cb', role: 'CERTIFIER', scope: 'cb-001' }, true],
  ['another certifier', { subject: 'cb2', role: 'CERTIFIER', scope: 'cb-002' }, false],
];

describe('restricted data', () => {
  it.each(who)('%s: entitled = %s', (_, actor, entitled) => expect(canSeeRestricted(actor, owners)).toBe(entitled));

  it('blanks restricted fields for those not entitled, and only those fields', () => {
    const data = { modelId: 'm', facility: 'DC-1', custodian: 'Ops', hostingJurisdiction: 'CN' };
    expect(redact('WeightsLocalisationRecorded', data, false)).toEqual({ modelId: 'm', facility: null, custodian: null, hostingJurisdiction: 'CN' });
    expect(redact('WeightsLocalisationRecorded', data, true)).toEqual(data);
    expect(redact('FirmRegistered', { name: 'x' }, false)).toEqual({ name: 'x' });
  });
});
