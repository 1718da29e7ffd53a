import { errorCodes, GraphQLResponse, RunningRegistry } from './support/registry';

/**
 * Issue 7, item 11: no bad input answers INTERNAL_SERVER_ERROR or is stored changed. Each case here was an
 * INTERNAL answer (NUL, lone surrogates, out-of-range log positions), a silently different value (30 February
 * stored as 2 March) or a wrongly accepted value (`JJ` as a jurisdiction) before the fix.
 */
describe('bad input is refused as BAD_USER_INPUT, never INTERNAL, never changed (embedded store, demo catalog)', () => {
  let registry: RunningRegistry;
  let registrar: string;

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    registrar = await registry.token('REGISTRAR', 'registrar-hk');
  });
  afterAll(() => registry.stop());

  const REGISTER_FIRM = `mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { id name } }`;
  const ACCREDIT = `mutation($input: AccreditCertifierInput!) { accreditCertifier(input: $input) { id validFrom validUntil } }`;
  const cb = (certifierId: string, over: Record<string, unknown> = {}) => ({
    certifierId,
    name: 'Hardening CB',
    scope: { frameworkVersions: ['0.9-draft'], useCases: ['lending'] },
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: '2029-01-01T00:00:00.000Z',
    ...over,
  });

  /** Refused before any resolver: BAD_USER_INPUT INPUT.INVALID naming `field`, not HTTP 500, nothing appended. */
  const refusedAsText = async (send: () => Promise<GraphQLResponse>, field: string) => {
    const r = await registry.refusedNaming(send, field);
    expect(r.status).toBeLessThan(500);
    return r;
  };

  describe('NUL characters and lone UTF-16 surrogates', () => {
    const NUL = 'acme\u0000ltd';
    const LONE = 'acme\uD800ltd';

    it.each([
      ['a NUL', NUL],
      ['a lone high surrogate', LONE],
      ['a lone low surrogate', 'x\uDC00'],
    ])('refuses %s in a mutation input sent as a variable, naming the field', (_, bad) =>
      refusedAsText(() => registry.gql(REGISTER_FIRM, { input: { firmId: 'nul-firm', name: bad, jurisdiction: 'HK' } }, registrar), 'name'),
    );

    it('refuses a NUL in an inline literal (the escape \\u0000 parses), naming the field', () =>
      refusedAsText(
        () => registry.gql(`mutation { registerFirm(input: { firmId: "nul-firm", name: "a\\u0000b", jurisdiction: "HK" }) { id } }`, {}, registrar),
        'name',
      ));

    it('names nested fields with their path, as the validation pipe does', () =>
      refusedAsText(
        () => registry.gql(ACCREDIT, { input: cb('nul-cb', { scope: { frameworkVersions: ['0.9-draft'], useCases: ['lending', 'x\u0000'] } }) }, registrar),
        'scope.useCases.1',
      ));

    it.each([
      ['certification(id:) as a variable', `query($id: ID!) { certification(id: $id) { id } }`, { id: NUL }, 'id'],
      ['certification(id:) inline', `{ certification(id: "a\\u0000") { id } }`, {}, 'id'],
      ['model(id:)', `query($id: ID!) { model(id: $id) { id } }`, { id: LONE }, 'id'],
      ['firm(id:)', `query($id: ID!) { firm(id: $id) { id } }`, { id: NUL }, 'id'],
      ['certifications(firmId:)', `query($f: ID) { certifications(firmId: $f) { edges { node { id } } } }`, { f: NUL }, 'firmId'],
      ['certifications(after:)', `query($a: String) { certifications(after: $a) { edges { node { id } } } }`, { a: LONE }, 'after'],
      [
        'exportReadiness(input:)',
        `query($i: ExportReadinessInput!) { exportReadiness(input: $i) { status } }`,
        { i: { modelId: 'pearl-chat', version: '1.0\u0000', jurisdiction: 'EU', useCase: 'chatbot' } },
        'version',
      ],
      ['exportReadyModels(useCase:)', `{ exportReadyModels(jurisdiction: "EU", useCase: "chat\\u0000bot") { edges { node { modelId } } } }`, {}, 'useCase'],
    ])('refuses unstorable text in the read argument %s', (_, query, variables, field) => refusedAsText(() => registry.gql(query, variables), field));

    it('still accepts well-formed text outside the BMP (a surrogate pair) and stores it unchanged', async () => {
      const name = 'Émoji 😀 Ltd';
      const r = await registry.gql(REGISTER_FIRM, { input: { firmId: 'pair-firm', name, jurisdiction: 'HK' } }, registrar);
      expect(r.errors).toBeUndefined();
      expect(r.data.registerFirm.name).toBe(name);
    });
  });

  describe('names and titles are one line; reasons and evidence may run over several', () => {
    it.each([
      ['a line feed', 'Lands\n=2+2 Ltd'],
      ['a carriage return', 'Lands\r=1 Ltd'],
      ['a tab', 'Lands\tLtd'],
      ['a line separator', 'Lands\u2028Ltd'],
      ['an escape character', 'Lands\u001b[31m Ltd'],
    ])('refuses %s in a firm name, naming the field, appending nothing', (_, bad) =>
      refusedAsText(() => registry.gql(REGISTER_FIRM, { input: { firmId: 'line-firm', name: bad, jurisdiction: 'HK' } }, registrar), 'name'),
    );

    it.each([
      ['a right-to-left override', 'Acme\u202eLtd'],
      ['a left-to-right isolate', 'Acme\u2066Ltd\u2069'],
      ['an Arabic letter mark', 'Acme\u061cLtd'],
      ['a zero-width space', 'Ac\u200bme Ltd'],
      ['a word joiner', 'Acme\u2060Ltd'],
      ['a byte order mark', '\ufeffAcme Ltd'],
    ])('refuses %s in a firm name, naming the field, appending nothing', (_, bad) =>
      refusedAsText(() => registry.gql(REGISTER_FIRM, { input: { firmId: 'spoof-firm', name: bad, jurisdiction: 'HK' } }, registrar), 'name'),
    );

    it('refuses a direction override in a reason (paragraph text) too', async () => {
      const regulator = await registry.token('REGULATOR', 'eu-ai-office', 'EU');
      const REJECT = `mutation($input: RejectEquivalenceInput!) { rejectEquivalence(input: $input) { id status } }`;
      await refusedAsText(() => registry.gql(REJECT, { input: { equivalenceId: 'nope', reason: 'approved\u202edevorppa' } }, regulator), 'reason');
    });

    it.each([
      ['Traditional Chinese', 'zh-firm', '香港人工智能認證有限公司'],
      ['Arabic letters', 'ar-firm', 'شركة الذكاء الاصطناعي'],
      ['an emoji', 'emoji-firm', 'Acme 😀 Ltd'],
    ])('still registers a firm named in %s, stored unchanged', async (_, firmId, name) => {
      const r = await registry.gql<{ registerFirm: { id: string; name: string } }>(REGISTER_FIRM, { input: { firmId, name, jurisdiction: 'HK' } }, registrar);
      expect(r.errors).toBeUndefined();
      expect(r.data?.registerFirm).toEqual({ id: firmId, name });
    });

    it('refuses a line break in a certifier name', () =>
      refusedAsText(() => registry.gql(ACCREDIT, { input: cb('line-cb', { name: 'Hardening\nCB' }) }, registrar), 'name'));

    it('keeps line breaks in a reason (several lines are legitimate there) but refuses other control characters', async () => {
      const regulator = await registry.token('REGULATOR', 'eu-ai-office', 'EU');
      const REJECT = `mutation($input: RejectEquivalenceInput!) { rejectEquivalence(input: $input) { id status } }`;
      await refusedAsText(() => registry.gql(REJECT, { input: { equivalenceId: 'nope', reason: 'a\u001bb' } }, regulator), 'reason');
      const r = await registry.gql(REJECT, { input: { equivalenceId: 'nope', reason: 'line one\nline two' } }, regulator);
      // Past the input check: the refusal (if any) is the domain's, not the text rule's.
      expect(JSON.stringify(r.errors ?? [])).not.toContain('control characters');
    });
  });

  describe('DateTime is strict RFC 3339 and never stored changed', () => {
    it.each([
      ['30 February', '2026-02-30T00:00:00Z'],
      ['29 February in a common year', '2025-02-29T00:00:00Z'],
      ['hour 24', '2026-01-01T24:00:00Z'],
      ['minute 60', '2026-01-01T10:60:00Z'],
      ['a year past 9999 in UTC through the offset', '9999-12-31T23:59:59-01:00'],
      ['year 0000, which PostgreSQL cannot store', '0000-06-01T00:00:00Z'],
      ['an expanded year', '+010000-01-01T00:00:00Z'],
      ['a fraction finer than milliseconds, which would be dropped', '2026-01-01T00:00:00.0001Z'],
      ['a date without time', '2026-01-01'],
    ])('refuses %s (%s) with INPUT.INVALID_SCALAR, as a variable and inline', async (_, value) => {
      const asVariable = await registry.refused(
        () => registry.gql(ACCREDIT, { input: cb('date-cb', { validFrom: value }) }, registrar),
        'BAD_USER_INPUT/INPUT.INVALID_SCALAR',
      );
      expect(asVariable.errors[0].message).toContain('DateTime');
      expect(asVariable.errors[0].message).toContain('validFrom');
      expect(errorCodes(await registry.gql(`{ frameworks(asOf: ${JSON.stringify(value)}) { id } }`))).toEqual(['BAD_USER_INPUT/INPUT.INVALID_SCALAR']);
    });

    it('accepts 29 February of a leap year, other offsets, lower-case t/z and the ends of the range, and answers them in UTC unchanged', async () => {
      const r = await registry.gql(
        ACCREDIT,
        { input: cb('leap-cb', { validFrom: '2028-02-29t08:00:00+08:00', validUntil: '9999-12-31T23:59:59.999Z' }) },
        registrar,
      );
      expect(r.errors).toBeUndefined();
      expect(r.data.accreditCertifier).toMatchObject({ validFrom: '2028-02-29T00:00:00.000Z', validUntil: '9999-12-31T23:59:59.999Z' });
      const early = await registry.gql(`{ frameworks(asOf: "0001-01-01T00:00:00Z") { id } }`);
      expect(early.errors).toBeUndefined();
      expect(early.data.frameworks).toEqual([]);
    });

    it('declares the RFC it follows with @specifiedBy', async () => {
      const r = await registry.gql(`{ __type(name: "DateTime") { specifiedByURL } }`);
      expect(r.data.__type.specifiedByURL).toBe('https://datatracker.ietf.org/doc/html/rfc3339');
    });
  });

  describe('jurisdictions are ISO 3166-1 alpha-2 codes or EU', () => {
    it.each(['JJ', 'XX', 'ZZ', 'AA', 'UK'])('refuses %s for a firm, naming jurisdiction', (code) =>
      refusedAsText(() => registry.gql(REGISTER_FIRM, { input: { firmId: 'fake-country-firm', name: 'Fake', jurisdiction: code } }, registrar), 'jurisdiction'),
    );

    it.each(['JJ', 'XX'])('refuses %s in the reads that take a jurisdiction', async (code) => {
      expect(errorCodes(await registry.gql(`{ exportReadyModels(jurisdiction: "${code}", useCase: "lending") { edges { node { modelId } } } }`))).toEqual([
        'BAD_USER_INPUT/INPUT.INVALID',
      ]);
      expect(errorCodes(await registry.gql(`{ frameworks(jurisdiction: "${code}") { id } }`))).toEqual(['BAD_USER_INPUT/INPUT.INVALID']);
      const verdict = await registry.gql(`query($i: ExportReadinessInput!) { exportReadiness(input: $i) { status } }`, {
        i: { modelId: 'pearl-chat', version: '1.0', jurisdiction: code, useCase: 'chatbot' },
      });
      expect(errorCodes(verdict)).toEqual(['BAD_USER_INPUT/INPUT.INVALID']);
    });

    it('accepts real codes and EU', async () => {
      for (const [firmId, jurisdiction] of [
        ['gb-firm', 'GB'],
        ['eu-firm', 'EU'],
        ['mo-firm', 'MO'],
      ]) {
        const r = await registry.gql(REGISTER_FIRM, { input: { firmId, name: `Firm ${jurisdiction}`, jurisdiction } }, registrar);
        expect(r.errors).toBeUndefined();
      }
    });
  });

  describe('log positions beyond the store columns', () => {
    it.each(['99999999999999999999.1', '1.9999999999999999999'])('refuses %s as a scalar, not as a database failure', async (knownAt) => {
      const r = await registry.gql(`query($k: LogPosition) { recognitions(jurisdiction: "EU", knownAt: $k) { jurisdiction } }`, { k: knownAt });
      expect(errorCodes(r)).toEqual(['BAD_USER_INPUT/INPUT.INVALID_SCALAR']);
    });
  });
});
