import { join } from 'node:path';
import { JWTPayload, SignJWT } from 'jose';
import { loadOrCreateLocalKeys, SigningKey, TOKEN_ALGORITHM } from '../../apps/registry-api/src/auth/local-keys';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../apps/registry-api/src/config/registry.config';
import { errorCodes, RunningRegistry } from './support/registry';

const REGISTER = `mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { id version } }`;
const HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);

/** Claims of a registrar token signed with the registry's own key: only the time claims vary. */
interface TimeClaims {
  iat?: number;
  exp?: number;
  nbf?: number;
}

const hostileToken = (key: SigningKey, times: TimeClaims): Promise<string> =>
  new SignJWT({ role: 'REGISTRAR', ...times })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM })
    .setSubject('registrar-hk')
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .sign(key);

describe('token lifetime over HTTP (embedded store, default limits: 24 h lifetime, 30 s clock skew)', () => {
  let registry: RunningRegistry;
  let key: SigningKey;
  let firms = 0;
  const register = (token: string) => registry.gql(REGISTER, { input: { firmId: `firm-${++firms}`, name: 'Lifetime Ltd', jurisdiction: 'HK' } }, token);

  beforeAll(async () => {
    registry = await RunningRegistry.start();
    ({ privateKey: key } = await loadOrCreateLocalKeys(join(registry.dataDir, 'auth')));
  });
  afterAll(() => registry.stop());

  it('accepts the tokens the registry hands out: registry.token (1 h) and signToken default (8 h, what `npm run token` prints)', async () => {
    for (const token of [await registry.token('REGISTRAR', 'registrar-hk'), await registry.token('REGISTRAR', 'registrar-hk', undefined, '8h')]) {
      const r = await register(token);
      expect(r.errors).toBeUndefined();
      expect(r.data.registerFirm.version).toBe(1);
    }
  });

  it('accepts a hand-made token of exactly the maximum lifetime, and one dated within the clock skew', async () => {
    const t = now();
    for (const times of [
      { iat: t, exp: t + 24 * HOUR },
      { iat: t + 10, exp: t + HOUR, nbf: t + 10 },
    ]) {
      const r = await register(await hostileToken(key, times));
      expect(r.errors).toBeUndefined();
    }
  });

  it.each<[string, () => TimeClaims, string]>([
    ['no exp at all', () => ({ iat: now() }), 'AUTH.TOKEN_WITHOUT_EXPIRY'],
    ['no iat (its lifetime cannot be bounded)', () => ({ exp: now() + HOUR }), 'AUTH.TOKEN_WITHOUT_ISSUED_AT'],
    ['an exp 100 years away', () => ({ iat: now(), exp: now() + 100 * 365 * 24 * HOUR }), 'AUTH.TOKEN_LIFETIME_TOO_LONG'],
    ['an exp 24 h and 1 s away', () => ({ iat: now(), exp: now() + 24 * HOUR + 1 }), 'AUTH.TOKEN_LIFETIME_TOO_LONG'],
    ['an iat 48 h ago and an exp in 1 h', () => ({ iat: now() - 48 * HOUR, exp: now() + HOUR }), 'AUTH.TOKEN_LIFETIME_TOO_LONG'],
    ['an iat 10 minutes in the future', () => ({ iat: now() + 600, exp: now() + HOUR }), 'AUTH.TOKEN_NOT_YET_VALID'],
    ['an iat 2 minutes in the future (beyond the skew)', () => ({ iat: now() + 120, exp: now() + HOUR }), 'AUTH.TOKEN_NOT_YET_VALID'],
    ['an nbf 10 minutes in the future', () => ({ iat: now(), nbf: now() + 600, exp: now() + HOUR }), 'AUTH.TOKEN_NOT_YET_VALID'],
    ['an exp 2 minutes ago', () => ({ iat: now() - HOUR, exp: now() - 120 }), 'AUTH.TOKEN_EXPIRED'],
  ])('refuses a token with %s: 401 UNAUTHENTICATED, nothing appended', async (_, times, reason) => {
    const token = await hostileToken(key, times());
    const r = await registry.refused(() => register(token), `UNAUTHENTICATED/${reason}`);
    expect(r.status).toBe(401);
  });

  it('refuses a non-numeric exp as invalid claims', async () => {
    const token = await new SignJWT({ role: 'REGISTRAR', iat: now(), exp: 'tomorrow' } as unknown as JWTPayload)
      .setProtectedHeader({ alg: TOKEN_ALGORITHM })
      .setSubject('registrar-hk')
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .sign(key);
    await registry.refused(() => register(token), 'UNAUTHENTICATED/AUTH.INVALID_CLAIMS');
  });

  it('refuses a lifetime-less token on a public read too (a bad token is never treated as anonymous)', async () => {
    const r = await registry.gql('{ firm(id: "firm-1") { id } }', {}, await hostileToken(key, { iat: now() }));
    expect(r.status).toBe(401);
    expect(errorCodes(r)).toEqual(['UNAUTHENTICATED/AUTH.TOKEN_WITHOUT_EXPIRY']);
  });

  it('signToken refuses to sign a token longer-lived than the registry accepts', async () => {
    await expect(registry.token('REGISTRAR', 'registrar-hk', undefined, '25h')).rejects.toThrow(/at most 86400 s/);
  });
});

describe('token lifetime with AUTH_MAX_TOKEN_LIFETIME=1h and AUTH_CLOCK_SKEW=5s', () => {
  let registry: RunningRegistry;
  let key: SigningKey;
  const register = (token: string, firmId: string) => registry.gql(REGISTER, { input: { firmId, name: 'Lifetime Ltd', jurisdiction: 'HK' } }, token);

  beforeAll(async () => {
    const env = { AUTH_MAX_TOKEN_LIFETIME: '1h', AUTH_CLOCK_SKEW: '5s' };
    // Given both ways: as the registry's env (once RegistryConfig carries authLimits) and as the process
    // environment AuthService falls back to until then. AuthService reads it once, at construction.
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      registry = await RunningRegistry.start({ env });
    } finally {
      for (const name of Object.keys(env)) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
    ({ privateKey: key } = await loadOrCreateLocalKeys(join(registry.dataDir, 'auth')));
  });
  afterAll(() => registry.stop());

  it('accepts 1 h, refuses 2 h and an iat 30 s ahead', async () => {
    const t = now();
    expect((await register(await hostileToken(key, { iat: t, exp: t + HOUR }), 'one-hour')).errors).toBeUndefined();
    const twoHours = await hostileToken(key, { iat: t, exp: t + 2 * HOUR });
    await registry.refused(() => register(twoHours, 'two-hours'), 'UNAUTHENTICATED/AUTH.TOKEN_LIFETIME_TOO_LONG');
    const ahead = await hostileToken(key, { iat: t + 30, exp: t + HOUR });
    await registry.refused(() => register(ahead, 'ahead'), 'UNAUTHENTICATED/AUTH.TOKEN_NOT_YET_VALID');
  });
});
