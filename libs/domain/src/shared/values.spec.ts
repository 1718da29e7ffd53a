import { frameworkDecider } from '../framework/framework.decider';
import { isJurisdiction, JURISDICTION } from './values';

describe('jurisdictions', () => {
  it('are the ISO 3166-1 alpha-2 codes and EU, nothing else of the same shape', () => {
    for (const code of ['HK', 'CN', 'SG', 'US', 'GB', 'MO', 'EU']) expect(isJurisdiction(code)).toBe(true);
    for (const code of ['JJ', 'XX', 'ZZ', 'AA', 'UK', 'hk', 'HKG', '344', '', 'E U']) expect(JURISDICTION.test(code)).toBe(false);
  });

  it('are refused by a decider when made up', () => {
    const publish = (jurisdiction: string) => () =>
      frameworkDecider.decide(
        {
          type: 'PublishFrameworkVersion',
          data: {
            frameworkId: 'TEST-FW',
            version: '1',
            jurisdiction,
            title: 'Test',
            effectiveFrom: '2026-01-01T00:00:00.000Z',
            requirements: [{ id: 'R-1', title: 'One', appliesWhen: {} }],
          },
          actor: { subject: 'registrar', role: 'REGISTRAR' },
          issuedAt: '2026-01-01T00:00:00.000Z',
        },
        frameworkDecider.initialState(),
      );
    expect(publish('GB')).not.toThrow();
    expect(publish('JJ')).toThrow(expect.objectContaining({ category: 'BAD_USER_INPUT' }));
  });
});
