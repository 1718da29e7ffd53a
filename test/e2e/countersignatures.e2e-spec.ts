import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { equivalenceProposal as proposal } from './support/fixtures';
import { ok, RunningRegistry } from './support/registry';
import { TestRegulatorKey } from './support/regulator-keys';

const KEYS = `jurisdiction version keys { keyId jurisdiction alg jwk status validFrom validUntil replacedBy withdrawalReason } history { type actor { role } }`;
const REGISTER = `mutation($input: RegisterRegulatorKeyInput!) { registerRegulatorKey(input: $input) { ${KEYS} } }`;
const WITHDRAW = `mutation($input: WithdrawRegulatorKeyInput!) { withdrawRegulatorKey(input: $input) { ${KEYS} } }`;
const LIST = `query($j: String!) { regulatorKeys(jurisdiction: $j) { ${KEYS} } }`;
const COUNTERSIGN = `mutation($input: CountersignEquivalenceInput!) { countersignEquivalence(input: $input) {
  status countersignaturePayload countersignature { jws keyId alg } history { type data } } }`;
const PROPOSE = `mutation($input: ProposeEquivalenceInput!) { proposeEquivalence(input: $input) { id } }`;

/**
 * Regulator keys (registrar only, rotation, withdrawal, public list) and countersignatures that are signatures:
 * a detached JWS over the proposal, verified against the jurisdiction's keys before anything is appended.
 */
describe('regulator keys and signed countersignatures over HTTP', () => {
  let registry: RunningRegistry;
  let registrar: string;
  let eu: string;
  let euKey: TestRegulatorKey;

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    registrar = await registry.token('REGISTRAR', 'registrar-hk');
    eu = await registry.token('REGULATOR', 'eu-ai-office', 'EU');
    euKey = await TestRegulatorKey.generate('ES256');
  });
  afterAll(() => registry.stop());

  const register = (input: Record<string, unknown>, token = registrar) => registry.gql(REGISTER, { input }, token);
  const countersign = (equivalenceId: string, jws: string, token = eu) => registry.gql(COUNTERSIGN, { input: { equivalenceId, jws } }, token);

  describe('registerRegulatorKey / withdrawRegulatorKey / regulatorKeys', () => {
    it('lists the demo regulator’s key for EU, publicly', async () => {
      const keys = ok(await registry.gql(LIST, { j: 'EU' })).regulatorKeys;
      expect(keys).toMatchObject({
        jurisdiction: 'EU',
        keys: [{ jurisdiction: 'EU', alg: 'EdDSA', status: 'ACTIVE', validUntil: null, jwk: { kty: 'OKP', crv: 'Ed25519' } }],
      });
      expect(ok(await registry.gql(LIST, { j: 'JP' })).regulatorKeys).toMatchObject({ jurisdiction: 'JP', keys: [], version: 0, history: [] });
    });

    it('registers a key, named by its RFC 7638 thumbprint whatever kid it was sent with', async () => {
      const keys = ok(
        await register({ jurisdiction: 'EU', jwk: { ...euKey.publicKey.jwk, kid: 'my-own-name', alg: 'ES256', use: 'sig' } }),
      ).registerRegulatorKey;
      const mine = keys.keys.find((k: { keyId: string }) => k.keyId === euKey.keyId);
      expect(mine).toMatchObject({ alg: 'ES256', status: 'ACTIVE', jwk: euKey.publicKey.jwk });
      expect(keys.history.at(-1)).toMatchObject({ type: 'RegulatorKeyRegistered', actor: { role: 'REGISTRAR' } });
    });

    it('refuses anonymous callers, regulators (even of the jurisdiction), certifiers and firms', async () => {
      const jwk = (await TestRegulatorKey.generate()).publicKey.jwk;
      await registry.refused(() => registry.gql(REGISTER, { input: { jurisdiction: 'EU', jwk } }), 'UNAUTHENTICATED/AUTH.REQUIRED');
      await registry.refused(() => register({ jurisdiction: 'EU', jwk }, eu), 'FORBIDDEN/REGULATOR_KEY.REGISTRAR_ONLY');
      await registry.refused(
        async () => register({ jurisdiction: 'EU', jwk }, await registry.token('FIRM', 'acme-admin', 'acme')),
        'FORBIDDEN/REGULATOR_KEY.REGISTRAR_ONLY',
      );
    });

    it('refuses bad input naming the field, a key that is not one, a private key, and a key registered twice', async () => {
      const jwk = (await TestRegulatorKey.generate()).publicKey.jwk;
      await registry.refusedNaming(() => register({ jurisdiction: 'XX', jwk }), 'jurisdiction');
      await registry.refusedNaming(() => register({ jurisdiction: 'EU', jwk: { ...jwk, crv: 'P-384' } }), 'jwk.crv');
      await registry.refusedNaming(() => register({ jurisdiction: 'EU', jwk: { ...jwk, x: 'not base64url!' } }), 'jwk.x');
      await registry.refusedNaming(() => register({ jurisdiction: 'EU', jwk, replacesKeyId: 'short' }), 'replacesKeyId');
      // A point off the curve, and an Ed25519 "key" given EC members: shapes that pass the edge, refused when imported.
      const off = await registry.refused(() => register({ jurisdiction: 'EU', jwk: { ...jwk, y: jwk.x } }), 'BAD_USER_INPUT/REGULATOR_KEY.INVALID_JWK');
      expect(off.errors[0].message).toMatch(/not a valid P-256 public key/);
      await registry.refused(() => register({ jurisdiction: 'EU', jwk: { kty: 'EC', crv: 'Ed25519', x: jwk.x } }), 'BAD_USER_INPUT/REGULATOR_KEY.INVALID_JWK');
      const withPrivate = await registry.gql(REGISTER, { input: { jurisdiction: 'EU', jwk: { ...jwk, d: 'AAAA' } } }, registrar);
      expect(withPrivate.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      await registry.refused(() => register({ jurisdiction: 'EU', jwk: euKey.publicKey.jwk }), 'CONFLICT/REGULATOR_KEY.ALREADY_REGISTERED');
    });

    it('rotates a key out (kept, with its validity ended) and withdraws one (registrar only, with a reason)', async () => {
      const [a, b, c] = await Promise.all([TestRegulatorKey.generate(), TestRegulatorKey.generate('EdDSA'), TestRegulatorKey.generate()]);
      await a.register(registry, 'KR', registrar);
      const rotated = ok(await register({ jurisdiction: 'KR', jwk: b.publicKey.jwk, replacesKeyId: a.keyId })).registerRegulatorKey;
      expect(rotated.keys).toMatchObject([
        { keyId: a.keyId, status: 'ROTATED', replacedBy: b.keyId },
        { keyId: b.keyId, status: 'ACTIVE', alg: 'EdDSA', validUntil: null },
      ]);
      expect(rotated.keys[0].validUntil).toBe(rotated.keys[1].validFrom);
      await registry.refused(() => register({ jurisdiction: 'KR', jwk: c.publicKey.jwk, replacesKeyId: a.keyId }), 'CONFLICT/REGULATOR_KEY.NOT_ACTIVE');
      const withdraw = (input: Record<string, unknown>, token = registrar) => registry.gql(WITHDRAW, { input: { jurisdiction: 'KR', ...input } }, token);
      await registry.refused(() => withdraw({ keyId: b.keyId, reason: 'Compromised' }, eu), 'FORBIDDEN/REGULATOR_KEY.REGISTRAR_ONLY');
      await registry.refusedNaming(() => withdraw({ keyId: b.keyId, reason: ' ' }), 'reason');
      await registry.refused(() => withdraw({ keyId: c.keyId, reason: 'Never registered' }), 'NOT_FOUND/REGULATOR_KEY.NOT_FOUND');
      const withdrawn = ok(await withdraw({ keyId: b.keyId, reason: 'Compromised' })).withdrawRegulatorKey;
      expect(withdrawn.keys[1]).toMatchObject({ keyId: b.keyId, status: 'WITHDRAWN', withdrawalReason: 'Compromised' });
      expect(withdrawn.keys[1].validUntil).not.toBeNull();
      await registry.refused(() => withdraw({ keyId: b.keyId, reason: 'Again' }), 'CONFLICT/REGULATOR_KEY.NOT_ACTIVE');
    });
  });

  describe('countersignEquivalence verifies the regulator’s JWS before appending', () => {
    it('stores a JWS made with the registered key over the proposal; jose alone verifies it over countersignaturePayload', async () => {
      ok(await registry.gql(PROPOSE, { input: proposal('eq-cs-good') }, registrar));
      const jws = await euKey.signEquivalence(registry, 'eq-cs-good');
      expect(jws.split('.')[1]).toBe('');
      expect(decodeProtectedHeader(jws)).toEqual({ alg: 'ES256', kid: euKey.keyId });
      const eq = ok(await countersign('eq-cs-good', jws)).countersignEquivalence;
      expect(eq).toMatchObject({ status: 'IN_FORCE', countersignature: { jws, keyId: euKey.keyId, alg: 'ES256' } });
      expect(eq.history[1].data.countersignature).toEqual({ jws, keyId: euKey.keyId, alg: 'ES256' });
      const [h, , s] = jws.split('.');
      const { payload } = await compactVerify(
        `${h}.${Buffer.from(eq.countersignaturePayload).toString('base64url')}.${s}`,
        await importJWK(euKey.publicKey.jwk, 'ES256'),
      );
      expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({
        type: 'HkAiEquivalenceCountersignature',
        equivalenceId: 'eq-cs-good',
        strength: 'FULL',
        foreignJurisdiction: 'EU',
      });
    });

    it('refuses a JWS by a key nobody registered for EU: FORBIDDEN COUNTERSIGNATURE.UNKNOWN_KEY, nothing appended', async () => {
      ok(await registry.gql(PROPOSE, { input: proposal('eq-cs-wrong-key') }, registrar));
      const stranger = await TestRegulatorKey.generate();
      const r = await registry.refused(
        async () => countersign('eq-cs-wrong-key', await stranger.signEquivalence(registry, 'eq-cs-wrong-key')),
        'FORBIDDEN/COUNTERSIGNATURE.UNKNOWN_KEY',
      );
      expect(r.errors[0].message).toContain(stranger.keyId);
      // Another jurisdiction's registered key does not sign for EU either.
      const kr = await TestRegulatorKey.generate();
      await kr.register(registry, 'KR', registrar);
      await registry.refused(
        async () => countersign('eq-cs-wrong-key', await kr.signEquivalence(registry, 'eq-cs-wrong-key')),
        'FORBIDDEN/COUNTERSIGNATURE.UNKNOWN_KEY',
      );
    });

    it('refuses a JWS over altered content (another strength, scope or date): FORBIDDEN COUNTERSIGNATURE.INVALID_SIGNATURE', async () => {
      ok(await registry.gql(PROPOSE, { input: proposal('eq-cs-altered') }, registrar));
      for (const altered of [
        { strength: 'PARTIAL', conditions: [{ id: 'C1', text: 'x' }] },
        { scope: { useCases: ['lending', 'hiring'] } },
        { effectiveFrom: '2026-06-02T00:00:00.000Z' },
      ]) {
        const jws = await euKey.sign(proposal('eq-cs-altered', altered));
        await registry.refused(() => countersign('eq-cs-altered', jws), 'FORBIDDEN/COUNTERSIGNATURE.INVALID_SIGNATURE');
      }
      // Signed for another equivalence with the very same terms: the id is signed too.
      await registry.refused(
        async () => countersign('eq-cs-altered', await euKey.sign(proposal('eq-cs-good'))),
        'FORBIDDEN/COUNTERSIGNATURE.INVALID_SIGNATURE',
      );
    });

    it('refuses malformed JWSs (not detached, attached payload, b64:false, alg none) as BAD_USER_INPUT naming jws', async () => {
      const good = await euKey.signEquivalence(registry, 'eq-cs-altered');
      const [h, , s] = good.split('.');
      const header = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      for (const jws of [
        'not a jws',
        `${h}.${Buffer.from('{}').toString('base64url')}.${s}`,
        `${header({ alg: 'ES256', b64: false, crit: ['b64'], kid: euKey.keyId })}..${s}`,
        `${header({ alg: 'none' })}..${s}`,
        `${h}..`,
      ]) {
        const r = await registry.refused(() => countersign('eq-cs-altered', jws), 'BAD_USER_INPUT/COUNTERSIGNATURE.MALFORMED');
        expect(r.errors[0].message).toMatch(/detached JWS|payload encoding|alg must be/);
      }
      await registry.refusedNaming(() => countersign('eq-cs-altered', ''), 'jws');
    });

    it('refuses a countersignature for a jurisdiction with no key registered: FORBIDDEN COUNTERSIGNATURE.NO_REGULATOR_KEY', async () => {
      ok(
        await registry.gql(
          `mutation($input: PublishFrameworkInput!) { publishFramework(input: $input) { __typename } }`,
          {
            input: {
              frameworkId: 'JP-AI',
              version: '1.0',
              jurisdiction: 'JP',
              title: 'JP AI guidelines (test)',
              effectiveFrom: '2025-01-01T00:00:00Z',
              requirements: [{ id: 'JP-1', title: 'Human oversight', appliesWhen: { useCases: ['lending'] } }],
            },
          },
          registrar,
        ),
      );
      ok(
        await registry.gql(
          PROPOSE,
          { input: proposal('eq-cs-jp', { foreign: { framework: 'JP-AI', version: '1.0', requirementId: 'JP-1' }, foreignJurisdiction: 'JP' }) },
          registrar,
        ),
      );
      const jp = await registry.token('REGULATOR', 'jp-regulator', 'JP');
      const someKey = await TestRegulatorKey.generate();
      await registry.refused(
        async () => countersign('eq-cs-jp', await someKey.signEquivalence(registry, 'eq-cs-jp'), jp),
        'FORBIDDEN/COUNTERSIGNATURE.NO_REGULATOR_KEY',
      );
      // The registrar registers JP's key: the same regulator may now countersign.
      await someKey.register(registry, 'JP', registrar);
      expect(ok(await countersign('eq-cs-jp', await someKey.signEquivalence(registry, 'eq-cs-jp'), jp)).countersignEquivalence.status).toBe('IN_FORCE');
    });

    it('refuses a JWS by a withdrawn key (KEY_NOT_VALID) and still checks who countersigns first (WRONG_JURISDICTION)', async () => {
      ok(await registry.gql(PROPOSE, { input: proposal('eq-cs-withdrawn') }, registrar));
      const old = await TestRegulatorKey.generate('EdDSA');
      await old.register(registry, 'EU', registrar);
      ok(await registry.gql(WITHDRAW, { input: { jurisdiction: 'EU', keyId: old.keyId, reason: 'Compromised' } }, registrar));
      await registry.refused(
        async () => countersign('eq-cs-withdrawn', await old.signEquivalence(registry, 'eq-cs-withdrawn')),
        'FORBIDDEN/COUNTERSIGNATURE.KEY_NOT_VALID',
      );
      const sg = await registry.token('REGULATOR', 'imda', 'SG');
      await registry.refused(
        async () => countersign('eq-cs-withdrawn', await euKey.signEquivalence(registry, 'eq-cs-withdrawn'), sg),
        'FORBIDDEN/EQUIVALENCE.WRONG_JURISDICTION',
      );
    });

    it('keeps an Ed25519 countersignature from the demo catalog, verifiable over its payload', async () => {
      const r = ok(
        await registry.gql(`{ equivalence(id: "eq-hk07-eu-art10") { status countersignaturePayload countersignature { jws keyId alg } } }`),
      ).equivalence;
      const keys = ok(await registry.gql(LIST, { j: 'EU' })).regulatorKeys.keys;
      const demoKey = keys.find((k: { keyId: string }) => k.keyId === r.countersignature.keyId);
      expect(r.countersignature.alg).toBe('EdDSA');
      const [h, , s] = r.countersignature.jws.split('.');
      await expect(
        compactVerify(`${h}.${Buffer.from(r.countersignaturePayload).toString('base64url')}.${s}`, await importJWK(demoKey.jwk, 'EdDSA')),
      ).resolves.toBeTruthy();
    });
  });
});
