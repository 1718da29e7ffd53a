import { errorCodes, fieldsOf, RunningRegistry } from './support/registry';

const FIRM_FIELDS = `id name jurisdiction registeredAt version
  history { eventId type streamVersion position recordedAt issuedAt correlationId causationId data actor { subject role actingFor } }`;
const REGISTER = `mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { ${FIRM_FIELDS} } }`;
const RENAME = `mutation($input: RenameFirmInput!) { renameFirm(input: $input) { ${FIRM_FIELDS} } }`;

describe('firms over HTTP (embedded store)', () => {
  let registry: RunningRegistry;
  let registrar: string;
  let firmAcme: string;
  let firmOther: string;
  let certifier: string;
  let regulator: string;

  beforeAll(async () => {
    registry = await RunningRegistry.start();
    registrar = await registry.token('REGISTRAR', 'registrar-hk');
    firmAcme = await registry.token('FIRM', 'acme-admin', 'acme');
    firmOther = await registry.token('FIRM', 'globex-admin', 'globex');
    certifier = await registry.token('CERTIFIER', 'cb-001', 'cb-001');
    regulator = await registry.token('REGULATOR', 'eu-ai-office', 'EU');
  });
  afterAll(() => registry.stop());

  describe('registerFirm', () => {
    it('registers a firm and answers with it as stored, history and actor included', async () => {
      const r = await registry.gql(REGISTER, { input: { firmId: 'acme', name: 'Acme AI Ltd', jurisdiction: 'HK' } }, registrar, {
        'x-correlation-id': 'corr-123',
      });
      expect(r.errors).toBeUndefined();
      const firm = r.data.registerFirm;
      expect(firm).toMatchObject({ id: 'acme', name: 'Acme AI Ltd', jurisdiction: 'HK', version: 1 });
      expect(firm.history).toHaveLength(1);
      expect(firm.history[0]).toMatchObject({
        type: 'FirmRegistered',
        streamVersion: 1,
        correlationId: 'corr-123',
        actor: { subject: 'registrar-hk', role: 'REGISTRAR', actingFor: null },
        data: { firmId: 'acme', name: 'Acme AI Ltd', jurisdiction: 'HK' },
      });
      expect(firm.history[0].position).toMatch(/^\d+\.\d+$/);
      expect(firm.registeredAt).toBe(firm.history[0].issuedAt);
    });

    it('refuses a firm registered twice: CONFLICT FIRM.ALREADY_REGISTERED', () =>
      registry.refused(
        () => registry.gql(REGISTER, { input: { firmId: 'acme', name: 'Acme again', jurisdiction: 'HK' } }, registrar),
        'CONFLICT/FIRM.ALREADY_REGISTERED',
      ));

    it('refuses anonymous callers: UNAUTHENTICATED', () =>
      registry.refused(() => registry.gql(REGISTER, { input: { firmId: 'anon', name: 'Anon', jurisdiction: 'HK' } }), 'UNAUTHENTICATED/AUTH.REQUIRED'));

    it.each([
      ['FIRM', () => firmAcme],
      ['CERTIFIER', () => certifier],
      ['REGULATOR', () => regulator],
    ])('refuses the %s role: FORBIDDEN FIRM.REGISTRAR_ONLY', (_, token) =>
      registry.refused(
        () => registry.gql(REGISTER, { input: { firmId: 'sneaky', name: 'Sneaky', jurisdiction: 'HK' } }, token()),
        'FORBIDDEN/FIRM.REGISTRAR_ONLY',
      ),
    );

    it('refuses a forged token, an expired one and a malformed header with 401 UNAUTHENTICATED', async () => {
      const forged = registrar.slice(0, -4) + (registrar.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      const expired = await registry.token('REGISTRAR', 'registrar-hk', undefined, '-1m');
      const input = { input: { firmId: 'forged', name: 'Forged', jurisdiction: 'HK' } };
      const before = await registry.eventCount();
      const badSignature = await registry.gql(REGISTER, input, forged);
      expect(badSignature.status).toBe(401);
      expect(errorCodes(badSignature)).toEqual(['UNAUTHENTICATED/AUTH.INVALID_TOKEN']);
      expect(errorCodes(await registry.gql(REGISTER, input, expired))).toEqual(['UNAUTHENTICATED/AUTH.TOKEN_EXPIRED']);
      expect(errorCodes(await registry.gql(REGISTER, input, undefined, { authorization: 'Basic abc' }))).toEqual(['UNAUTHENTICATED/AUTH.MALFORMED_HEADER']);
      expect(await registry.eventCount()).toBe(before);
    });

    it.each([
      [{ firmId: 'A!', name: 'X', jurisdiction: 'HK' }, 'firmId'],
      [{ firmId: 'ok-id', name: '', jurisdiction: 'HK' }, 'name'],
      [{ firmId: 'ok-id', name: '   ', jurisdiction: 'HK' }, 'name'],
      [{ firmId: 'ok-id', name: 'x'.repeat(201), jurisdiction: 'HK' }, 'name'],
      [{ firmId: 'ok-id', name: 'Ok', jurisdiction: 'hk' }, 'jurisdiction'],
      [{ firmId: 'ok-id', name: 'Ok', jurisdiction: 'HKG' }, 'jurisdiction'],
      [{ firmId: 'ok-id', name: 'Ok', jurisdiction: 'HK', idempotencyKey: 'k'.repeat(129) }, 'idempotencyKey'],
    ])('refuses bad input %o naming the field: BAD_USER_INPUT INPUT.INVALID', async (input, field) => {
      const r = await registry.refused(() => registry.gql(REGISTER, { input }, registrar), 'BAD_USER_INPUT/INPUT.INVALID');
      expect(r.errors![0].message).toContain(field);
      expect(fieldsOf(r)).toEqual([field]);
    });

    it('refuses a missing required field or an unknown one before any resolver runs: BAD_USER_INPUT', async () => {
      await registry.refused(() => registry.gql(REGISTER, { input: { firmId: 'x-y', name: 'X' } }, registrar), 'BAD_USER_INPUT/GRAPHQL.BAD_USER_INPUT');
      await registry.refused(
        () => registry.gql(REGISTER, { input: { firmId: 'x-y', name: 'X', jurisdiction: 'HK', rogue: 1 } }, registrar),
        'BAD_USER_INPUT/GRAPHQL.BAD_USER_INPUT',
      );
      // A literal input is checked field by field: one error per missing field, each naming it.
      const before = await registry.eventCount();
      const literal = await registry.gql('mutation { registerFirm(input: {}) { id } }', {}, registrar);
      expect(errorCodes(literal)).toEqual(Array(3).fill('BAD_USER_INPUT/GRAPHQL.GRAPHQL_VALIDATION_FAILED'));
      expect(literal.errors!.map((e) => e.message).join(' ')).toEqual(expect.stringMatching(/firmId[\s\S]*name[\s\S]*jurisdiction/));
      expect(await registry.eventCount()).toBe(before);
    });

    it('returns the first answer when an idempotency key is re-sent, writing once', async () => {
      const input = { firmId: 'idem', name: 'Idem Ltd', jurisdiction: 'SG', idempotencyKey: 'register-idem-1' };
      const first = await registry.gql(REGISTER, { input }, registrar);
      const before = await registry.eventCount();
      const again = await registry.gql(REGISTER, { input }, registrar);
      expect(again.errors).toBeUndefined();
      expect(again.data.registerFirm.history.map((h: { eventId: string }) => h.eventId)).toEqual(
        first.data.registerFirm.history.map((h: { eventId: string }) => h.eventId),
      );
      expect(await registry.eventCount()).toBe(before);
    });

    it('refuses an idempotency key re-used for a different request: CONFLICT EVENT_STORE.IDEMPOTENCY_KEY_REUSED', async () => {
      await registry.gql(REGISTER, { input: { firmId: 'idem-2', name: 'Idem Two', jurisdiction: 'SG', idempotencyKey: 'key-2' } }, registrar);
      await registry.refused(
        () => registry.gql(REGISTER, { input: { firmId: 'idem-3', name: 'Idem Three', jurisdiction: 'SG', idempotencyKey: 'key-2' } }, registrar),
        'CONFLICT/EVENT_STORE.IDEMPOTENCY_KEY_REUSED',
      );
    });
  });

  describe('renameFirm', () => {
    it('lets the firm itself rename it, and the answer already shows the new name (read-your-writes)', async () => {
      const r = await registry.gql(RENAME, { input: { firmId: 'acme', name: 'Acme Intelligence Ltd' } }, firmAcme);
      expect(r.errors).toBeUndefined();
      expect(r.data.renameFirm).toMatchObject({ name: 'Acme Intelligence Ltd', version: 2 });
      expect(r.data.renameFirm.history.map((h: { type: string }) => h.type)).toEqual(['FirmRegistered', 'FirmRenamed']);
      expect(r.data.renameFirm.history[1].actor).toEqual({ subject: 'acme-admin', role: 'FIRM', actingFor: 'acme' });
    });

    it('lets the registrar rename it', async () => {
      const r = await registry.gql(RENAME, { input: { firmId: 'acme', name: 'Acme AI Holdings' } }, registrar);
      expect(r.data.renameFirm.name).toBe('Acme AI Holdings');
    });

    it('refuses another firm, a certifier and a regulator: FORBIDDEN FIRM.NOT_YOUR_FIRM', async () => {
      for (const token of [firmOther, certifier, regulator])
        await registry.refused(() => registry.gql(RENAME, { input: { firmId: 'acme', name: 'Hijacked' } }, token), 'FORBIDDEN/FIRM.NOT_YOUR_FIRM');
    });

    it('refuses anonymous callers, unknown firms, unchanged names and bad input', async () => {
      await registry.refused(() => registry.gql(RENAME, { input: { firmId: 'acme', name: 'Anon' } }), 'UNAUTHENTICATED/AUTH.REQUIRED');
      await registry.refused(() => registry.gql(RENAME, { input: { firmId: 'nobody', name: 'X' } }, registrar), 'NOT_FOUND/FIRM.NOT_FOUND');
      await registry.refused(() => registry.gql(RENAME, { input: { firmId: 'acme', name: 'Acme AI Holdings' } }, registrar), 'CONFLICT/FIRM.NAME_UNCHANGED');
      await registry.refused(() => registry.gql(RENAME, { input: { firmId: 'acme', name: '' } }, registrar), 'BAD_USER_INPUT/INPUT.INVALID');
    });
  });

  describe('firm and firms queries (public)', () => {
    it('reads one firm anonymously, and null for an unknown id', async () => {
      const r = await registry.gql(`{ known: firm(id: "acme") { id name } unknown: firm(id: "nobody") { id } }`);
      expect(r.data).toEqual({ known: { id: 'acme', name: 'Acme AI Holdings' }, unknown: null });
    });

    it('pages through firms in id order with Relay cursors', async () => {
      const page1 = await registry.gql(`{ firms(first: 2) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`);
      expect(page1.data.firms.totalCount).toBe(3);
      expect(page1.data.firms.edges.map((e: any) => e.node.id)).toEqual(['acme', 'idem']);
      expect(page1.data.firms.pageInfo.hasNextPage).toBe(true);
      const page2 = await registry.gql(`query($after: String) { firms(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage } } }`, {
        after: page1.data.firms.pageInfo.endCursor,
      });
      expect(page2.data.firms.edges.map((e: any) => e.node.id)).toEqual(['idem-2']);
      expect(page2.data.firms.pageInfo.hasNextPage).toBe(false);
    });

    it('refuses page sizes outside 1..100 and cursors it did not issue: BAD_USER_INPUT', async () => {
      expect(errorCodes(await registry.gql(`{ firms(first: 0) { totalCount } }`))).toEqual(['BAD_USER_INPUT/INPUT.INVALID_PAGE_SIZE']);
      expect(errorCodes(await registry.gql(`{ firms(first: 101) { totalCount } }`))).toEqual(['BAD_USER_INPUT/INPUT.INVALID_PAGE_SIZE']);
      expect(errorCodes(await registry.gql(`{ firms(after: "bm90LWEtY3Vyc29y") { totalCount } }`))).toEqual(['BAD_USER_INPUT/INPUT.INVALID_CURSOR']);
    });
  });

  describe('status', () => {
    it('reports the store, and read models caught up with the log head', async () => {
      const r = await registry.gql(`{ status { store headPosition readModelPosition eventCount } }`);
      expect(r.data.status.store).toBe('pglite');
      expect(r.data.status.readModelPosition).toBe(r.data.status.headPosition);
      expect(r.data.status.eventCount).toBe(await registry.eventCount());
    });
  });
});
