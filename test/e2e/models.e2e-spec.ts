import { digest } from './support/fixtures';
import { fieldsOf, ok, RunningRegistry } from './support/registry';

const HISTORY = `history { type streamVersion position issuedAt data actor { subject role actingFor } }`;
const MODEL = `id firmId name kind { generative generalPurpose } registeredAt version
  versions { version weightsDigest registeredAt deprecated deprecatedAt deprecationReason certifications { id status certifierId } } ${HISTORY}`;
const REGISTER = `mutation($input: RegisterModelInput!) { registerModel(input: $input) { ${MODEL} } }`;
const REGISTER_VERSION = `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { ${MODEL} } }`;
const DEPRECATE = `mutation($input: DeprecateModelVersionInput!) { deprecateModelVersion(input: $input) { ${MODEL} } }`;
const GET = `query($id: ID!) { model(id: $id) { ${MODEL} } }`;

const kind = { generative: false, generalPurpose: false };

describe('models over HTTP (embedded store, demo catalog)', () => {
  let registry: RunningRegistry;
  const tokens: Record<'registrar' | 'certifier' | 'regulator' | 'harbour' | 'cathay', string> = {} as never;

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    tokens.registrar = await registry.token('REGISTRAR', 'registrar-hk');
    tokens.certifier = await registry.token('CERTIFIER', 'hkcb-demo', 'hkcb-demo');
    tokens.regulator = await registry.token('REGULATOR', 'eu-ai-office', 'EU');
    tokens.harbour = await registry.token('FIRM', 'harbour-admin', 'harbour-lending');
    tokens.cathay = await registry.token('FIRM', 'cathay-admin', 'cathay-vision');
  });
  afterAll(() => registry.stop());

  const register = (input: Record<string, unknown>, token?: string) =>
    registry.gql(REGISTER, { input: { modelId: 'loanlens', firmId: 'harbour-lending', name: 'LoanLens', kind, ...input } }, token);
  const registerVersion = (input: Record<string, unknown>, token?: string) =>
    registry.gql(REGISTER_VERSION, { input: { modelId: 'loanlens', version: '1.0', weightsDigest: digest('1'), ...input } }, token);
  const deprecate = (input: Record<string, unknown>, token?: string) =>
    registry.gql(DEPRECATE, { input: { modelId: 'loanlens', version: '1.0', reason: 'superseded by 2.0', ...input } }, token);
  const notTheOwner = [
    ['REGISTRAR', () => tokens.registrar],
    ['CERTIFIER', () => tokens.certifier],
    ['REGULATOR', () => tokens.regulator],
    ['another FIRM', () => tokens.cathay],
  ] as const;

  describe('model(id) (public)', () => {
    it('answers a demo model with its versions and their certifications, anonymously', async () => {
      const { model } = ok(await registry.gql(GET, { id: 'creditscope' }));
      expect(model).toMatchObject({ id: 'creditscope', firmId: 'harbour-lending', kind: { generative: false, generalPurpose: false }, version: 2 });
      expect(model.versions).toEqual([
        expect.objectContaining({
          version: '2.1',
          deprecated: false,
          deprecatedAt: null,
          certifications: [{ id: 'creditscope-2-1-hkai', status: 'ACTIVE', certifierId: 'hkcb-demo' }],
        }),
      ]);
      expect(model.history.map((e: { type: string }) => e.type)).toEqual(['ModelRegistered', 'ModelVersionRegistered']);
      // Anonymous readers see who acted by role and for whom, not the person's login (see HistoryEvent in the SDL).
      expect(model.history[0].actor).toEqual({ subject: null, role: 'FIRM', actingFor: 'harbour-lending' });
    });

    it('answers null for an unknown model', async () => {
      expect(ok(await registry.gql(GET, { id: 'no-such-model' })).model).toBeNull();
    });
  });

  describe('registerModel', () => {
    it('lets a firm register its own model, attributed to it', async () => {
      const before = await registry.eventCount();
      const { registerModel } = ok(await register({}, tokens.harbour));
      expect(registerModel).toMatchObject({ id: 'loanlens', firmId: 'harbour-lending', name: 'LoanLens', kind, versions: [], version: 1 });
      expect(registerModel.history).toEqual([
        expect.objectContaining({ type: 'ModelRegistered', actor: { subject: 'harbour-admin', role: 'FIRM', actingFor: 'harbour-lending' } }),
      ]);
      expect(await registry.eventCount()).toBe(before + 1);
    });

    it.each(notTheOwner)('refuses %s registering a model for the firm', async (_, token) => {
      await registry.refused(() => register({ modelId: 'intruder' }, token()), 'FORBIDDEN/MODEL.NOT_OWNER');
    });

    it('refuses anonymous callers', async () => {
      await registry.refused(() => register({ modelId: 'anon-model' }), 'UNAUTHENTICATED/AUTH.REQUIRED');
    });

    it('refuses a duplicate id and an unregistered firm', async () => {
      await registry.refused(() => register({}, tokens.harbour), 'CONFLICT/MODEL.ALREADY_REGISTERED');
      const ghost = await registry.token('FIRM', 'ghost-admin', 'ghost-firm');
      await registry.refused(() => register({ modelId: 'ghost-model', firmId: 'ghost-firm' }, ghost), 'NOT_FOUND/MODEL.FIRM_NOT_FOUND');
    });

    it.each([
      [{ modelId: 'Loan Lens' }, 'modelId'],
      [{ modelId: 'x' }, 'modelId'],
      [{ firmId: 'Harbour' }, 'firmId'],
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'n'.repeat(201) }, 'name'],
      [{ idempotencyKey: '' }, 'idempotencyKey'],
    ])('refuses %o naming the field %s', async (input, field) => {
      const r = await registry.refused(() => register({ modelId: 'bad-input', ...input }, tokens.harbour), 'BAD_USER_INPUT/INPUT.INVALID');
      expect(fieldsOf(r)).toEqual([field]);
    });

    it('refuses a kind that is not two booleans at the schema, before any resolver runs', async () => {
      await registry.refused(
        () => register({ modelId: 'bad-kind', kind: { generative: 'yes', generalPurpose: false } }, tokens.harbour),
        'BAD_USER_INPUT/GRAPHQL.BAD_USER_INPUT',
      );
      await registry.refused(() => register({ modelId: 'bad-kind', kind: { generative: true } }, tokens.harbour), 'BAD_USER_INPUT/GRAPHQL.BAD_USER_INPUT');
    });

    it('answers a repeated idempotency key with the first answer and writes once', async () => {
      const first = ok(await register({ modelId: 'idem-model', idempotencyKey: 'reg-idem-1' }, tokens.harbour));
      const count = await registry.eventCount();
      const again = ok(await register({ modelId: 'idem-model', idempotencyKey: 'reg-idem-1' }, tokens.harbour));
      expect(again.registerModel.history).toEqual(first.registerModel.history);
      expect(await registry.eventCount()).toBe(count);
      await registry.refused(
        () => register({ modelId: 'idem-model-2', idempotencyKey: 'reg-idem-1' }, tokens.harbour),
        'CONFLICT/EVENT_STORE.IDEMPOTENCY_KEY_REUSED',
      );
    });
  });

  describe('registerModelVersion', () => {
    it('binds a version to its weights digest (the owning firm)', async () => {
      const { registerModelVersion } = ok(await registerVersion({}, tokens.harbour));
      expect(registerModelVersion.versions).toEqual([
        expect.objectContaining({ version: '1.0', weightsDigest: digest('1'), deprecated: false, certifications: [] }),
      ]);
      expect(registerModelVersion.version).toBe(2);
    });

    it.each(notTheOwner)('refuses %s', async (_, token) => {
      await registry.refused(() => registerVersion({ version: '9.0', weightsDigest: digest('9') }, token()), 'FORBIDDEN/MODEL.NOT_OWNER');
    });

    it('refuses anonymous callers', async () => {
      await registry.refused(() => registerVersion({ version: '9.0', weightsDigest: digest('9') }), 'UNAUTHENTICATED/AUTH.REQUIRED');
    });

    it('refuses a second digest for a version, the same weights twice, and an unknown model', async () => {
      await registry.refused(() => registerVersion({ weightsDigest: digest('2') }, tokens.harbour), 'CONFLICT/MODEL.VERSION_EXISTS');
      await registry.refused(() => registerVersion({ version: '1.1' }, tokens.harbour), 'CONFLICT/MODEL.DIGEST_ALREADY_VERSIONED');
      await registry.refused(() => registerVersion({ modelId: 'no-such-model' }, tokens.harbour), 'NOT_FOUND/MODEL.NOT_FOUND');
    });

    it.each([
      [{ weightsDigest: 'sha256:XYZ' }, 'weightsDigest'],
      [{ weightsDigest: '1'.repeat(64) }, 'weightsDigest'],
      [{ weightsDigest: `sha256:${'A'.repeat(64)}` }, 'weightsDigest'],
      [{ version: '' }, 'version'],
      [{ version: 'v 2' }, 'version'],
      [{ modelId: 'Loan' }, 'modelId'],
    ])('refuses %o naming the field %s', async (input, field) => {
      const r = await registry.refused(
        () => registerVersion({ version: '3.0', weightsDigest: digest('3'), ...input }, tokens.harbour),
        'BAD_USER_INPUT/INPUT.INVALID',
      );
      expect(fieldsOf(r)).toEqual([field]);
    });
  });

  describe('deprecateModelVersion', () => {
    it.each([
      ['REGULATOR', () => tokens.regulator],
      ['CERTIFIER', () => tokens.certifier],
      ['another FIRM', () => tokens.cathay],
    ] as const)('refuses %s', async (_, token) => {
      await registry.refused(() => deprecate({}, token()), 'FORBIDDEN/MODEL.NOT_OWNER');
    });

    it('refuses anonymous callers and bad input', async () => {
      await registry.refused(() => deprecate({}), 'UNAUTHENTICATED/AUTH.REQUIRED');
      const r = await registry.refused(() => deprecate({ reason: '' }, tokens.harbour), 'BAD_USER_INPUT/INPUT.INVALID');
      expect(fieldsOf(r)).toEqual(['reason']);
      await registry.refused(() => deprecate({ version: '7.0' }, tokens.harbour), 'NOT_FOUND/MODEL.VERSION_NOT_FOUND');
    });

    it('lets the owning firm deprecate a version, once', async () => {
      const { deprecateModelVersion } = ok(await deprecate({}, tokens.harbour));
      expect(deprecateModelVersion.versions[0]).toMatchObject({ version: '1.0', deprecated: true, deprecationReason: 'superseded by 2.0' });
      expect(deprecateModelVersion.versions[0].deprecatedAt).toEqual(deprecateModelVersion.history[2].issuedAt);
      await registry.refused(() => deprecate({}, tokens.harbour), 'CONFLICT/MODEL.VERSION_DEPRECATED');
    });

    it('lets the registrar deprecate a version too', async () => {
      ok(await registerVersion({ version: '2.0', weightsDigest: digest('2') }, tokens.harbour));
      const { deprecateModelVersion } = ok(await deprecate({ version: '2.0', reason: 'registry clean-up' }, tokens.registrar));
      expect(deprecateModelVersion.versions.map((v: { deprecated: boolean }) => v.deprecated)).toEqual([true, true]);
      expect(deprecateModelVersion.history[4].actor.role).toBe('REGISTRAR');
    });
  });
});
