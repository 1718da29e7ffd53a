import { loadAuthLimits } from './auth-limits.config';

describe('loadAuthLimits', () => {
  it('defaults to a 24 h lifetime and a 30 s clock skew', () => {
    expect(loadAuthLimits({})).toEqual({ maxTokenLifetimeSeconds: 86400, clockSkewSeconds: 30 });
  });

  it.each([
    ['3600', 3600],
    ['90s', 90],
    ['90m', 5400],
    ['12h', 43200],
    ['2 days', 172800],
  ])('reads AUTH_MAX_TOKEN_LIFETIME=%s as %i s', (raw, seconds) => {
    expect(loadAuthLimits({ AUTH_MAX_TOKEN_LIFETIME: raw }).maxTokenLifetimeSeconds).toBe(seconds);
  });

  it('accepts a zero skew but not a zero lifetime', () => {
    expect(loadAuthLimits({ AUTH_CLOCK_SKEW: '0' }).clockSkewSeconds).toBe(0);
    expect(() => loadAuthLimits({ AUTH_MAX_TOKEN_LIFETIME: '0' })).toThrow(/AUTH_MAX_TOKEN_LIFETIME must be at least 1 s/);
  });

  it.each(['forever', '-1h', '1.5h', '1w'])('refuses AUTH_MAX_TOKEN_LIFETIME=%s', (raw) => {
    expect(() => loadAuthLimits({ AUTH_MAX_TOKEN_LIFETIME: raw })).toThrow(/AUTH_MAX_TOKEN_LIFETIME must be a number of seconds or a duration/);
  });
});
