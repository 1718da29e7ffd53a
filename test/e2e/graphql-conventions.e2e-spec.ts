import { buildClientSchema, getIntrospectionQuery, GraphQLSchema, isInputObjectType, isInterfaceType, isObjectType, isScalarType } from 'graphql';
import { errorCodes, RunningRegistry } from './support/registry';

/**
 * GraphQL conventions over HTTP: Relay PageInfo on every connection (GraphQL Cursor Connections Specification),
 * Node and node(id:) (Global Object Identification) with the type's own authorisation, scalars with
 * descriptions and @specifiedBy, a description on every type, field, argument and input field.
 */
describe('GraphQL conventions over HTTP (embedded store, demo catalog)', () => {
  let registry: RunningRegistry;
  let registrar: string;
  let otherFirm: string;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    // The full introspection query is bigger than the default query limits allow; the limits have their own tests.
    registry = await RunningRegistry.start({
      seedDemo: true,
      env: { GRAPHQL_MAX_FIELDS: '1000', GRAPHQL_MAX_DEPTH: '20', GRAPHQL_MAX_TOKENS: '10000', GRAPHQL_MAX_COST: '100000' },
    });
    registrar = await registry.token('REGISTRAR', 'registrar-hk');
    otherFirm = await registry.token('FIRM', 'cathay-admin', 'cathay-vision');
    const introspection = await registry.gql(getIntrospectionQuery({ specifiedByUrl: true, inputValueDeprecation: true }), {}, registrar);
    expect(introspection.errors).toBeUndefined();
    schema = buildClientSchema(introspection.data);
  });
  afterAll(() => registry.stop());

  const PAGE = `pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor }`;
  type Page = {
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    edges: { cursor: string }[];
  };

  /** Every page of a connection with `first`, checking PageInfo against the edges on each. */
  const walk = async (fetchPage: (after?: string) => Promise<Page>): Promise<Page[]> => {
    const pages: Page[] = [];
    for (let after: string | undefined, i = 0; i < 50; i++) {
      const page = await fetchPage(after);
      pages.push(page);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]?.cursor ?? null);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== undefined);
      if (!page.pageInfo.hasNextPage) return pages;
      after = page.pageInfo.endCursor!;
    }
    throw new Error('more than 50 pages');
  };

  describe('PageInfo (Relay cursor connections)', () => {
    it('every Connection type in the served schema has edges, pageInfo with all four Relay fields', () => {
      const pageInfo = schema.getType('PageInfo');
      expect(isObjectType(pageInfo)).toBe(true);
      if (!isObjectType(pageInfo)) return;
      const fields = pageInfo.getFields();
      expect(String(fields.hasNextPage.type)).toBe('Boolean!');
      expect(String(fields.hasPreviousPage.type)).toBe('Boolean!');
      expect(String(fields.startCursor.type)).toBe('String');
      expect(String(fields.endCursor.type)).toBe('String');
      const connections = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && t.name.endsWith('Connection'));
      expect(connections.map((c) => c.name).sort()).toEqual(
        expect.arrayContaining(['CertificationConnection', 'ExportReadyModelConnection', 'FirmConnection']),
      );
      for (const c of connections) if (isObjectType(c)) expect(String(c.getFields().pageInfo.type)).toBe('PageInfo!');
    });

    it('firms: one per page, first page has no previous, later pages have one, the last has no next', async () => {
      const pages = await walk(
        async (after) => (await registry.gql(`query($after: String) { firms(first: 1, after: $after) { ${PAGE} } }`, { after })).data.firms,
      );
      expect(pages).toHaveLength(3);
      expect(pages.map((p) => [p.pageInfo.hasPreviousPage, p.pageInfo.hasNextPage])).toEqual([
        [false, true],
        [true, true],
        [true, false],
      ]);
    });

    it('certifications, filtered: the same rules, and an empty page has null cursors', async () => {
      const pages = await walk(
        async (after) => (await registry.gql(`query($after: String) { certifications(first: 1, after: $after) { ${PAGE} } }`, { after })).data.certifications,
      );
      expect(pages).toHaveLength(2);
      const empty = (await registry.gql(`{ certifications(firmId: "no-such-firm") { ${PAGE} } }`)).data.certifications;
      expect(empty).toEqual({ pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, edges: [] });
    });

    it('hasPreviousPage follows the filters: after the last cursor of one filter, under a filter nothing precedes, it is false', async () => {
      const all = (await registry.gql(`{ certifications(first: 10) { ${PAGE} edges { node { id modelId } } } }`)).data.certifications;
      const [first, second] = all.edges as { cursor: string; node: { id: string; modelId: string } }[];
      // Paging past the first certification while asking only for the second's model: nothing of that model precedes.
      const r = await registry.gql(`query($m: ID, $after: String) { certifications(modelId: $m, first: 5, after: $after) { ${PAGE} } }`, {
        m: second.node.modelId,
        after: first.cursor,
      });
      expect(r.data.certifications.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: false, startCursor: second.cursor });
      // Past the end: an empty page that still has something before it.
      const end = await registry.gql(`query($after: String) { certifications(first: 5, after: $after) { ${PAGE} } }`, { after: second.cursor });
      expect(end.data.certifications).toEqual({ pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null }, edges: [] });
    });

    it('exportReadyModels: a page and an empty page carry complete PageInfo', async () => {
      const q = `query($after: String, $u: String!) { exportReadyModels(jurisdiction: "EU", useCase: $u, first: 1, after: $after) { ${PAGE} } }`;
      const ready = (await registry.gql(q, { u: 'chatbot' })).data.exportReadyModels;
      expect(ready.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: ready.edges[0].cursor, endCursor: ready.edges[0].cursor });
      const after = (await registry.gql(q, { u: 'chatbot', after: ready.edges[0].cursor })).data.exportReadyModels;
      expect(after).toEqual({ pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null }, edges: [] });
    });
  });

  describe('Node and node(id:)', () => {
    const NODE = `query($id: ID!) { node(id: $id) { __typename globalId
      ... on Certification { id auditReportDigest }
      ... on Model { id name }
      ... on Firm { id name }
      ... on Equivalence { id history { actor { subject } } }
      ... on Framework { id }
      ... on Certifier { id name } } }`;

    it.each([
      ['Certification', 'certification', 'creditscope-2-1-hkai'],
      ['Model', 'model', 'creditscope'],
      ['Firm', 'firm', 'harbour-lending'],
      ['Equivalence', 'equivalence', 'eq-hk01-eu-art9'],
      ['Framework', 'framework', 'EU-AI-ACT'],
      ['Certifier', 'certifier', 'hkcb-demo'],
    ])('%s implements Node; its globalId fetches it again through node(id:)', async (type, field, id) => {
      const own = await registry.gql(`query($id: ID!) { ${field}(id: $id) { id globalId } }`, { id }, registrar);
      expect(own.errors).toBeUndefined();
      const globalId: string = own.data[field].globalId;
      expect(globalId).toBe(Buffer.from(`${type}:${id}`).toString('base64'));
      const t = schema.getType(type);
      expect(isObjectType(t) && t.getInterfaces().map((i) => i.name)).toEqual(['Node']);
      const r = await registry.gql(NODE, { id: globalId }, registrar);
      expect(r.errors).toBeUndefined();
      expect(r.data.node).toMatchObject({ __typename: type, globalId, id });
    });

    it('global ids are unique across types even where registry ids coincide', () => {
      const a = Buffer.from('Model:creditscope').toString('base64');
      const b = Buffer.from('Firm:creditscope').toString('base64');
      expect(a).not.toBe(b);
    });

    it('answers with the same authorisation as the type’s own query: the restricted audit digest only for those entitled', async () => {
      const id = Buffer.from('Certification:creditscope-2-1-hkai').toString('base64');
      const own = async (token?: string) =>
        (await registry.gql(`{ certification(id: "creditscope-2-1-hkai") { auditReportDigest } }`, {}, token)).data.certification.auditReportDigest;
      const viaNode = async (token?: string) => (await registry.gql(NODE, { id }, token)).data.node.auditReportDigest;
      expect(await viaNode(registrar)).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(await viaNode(registrar)).toBe(await own(registrar));
      expect(await viaNode()).toBeNull();
      expect(await own()).toBeNull();
      expect(await viaNode(otherFirm)).toBeNull();
    });

    it('blanks history subjects for anonymous callers as equivalence(id) does', async () => {
      const id = Buffer.from('Equivalence:eq-hk01-eu-art9').toString('base64');
      const anonymous = (await registry.gql(NODE, { id })).data.node.history;
      expect(anonymous.length).toBeGreaterThan(0);
      expect(anonymous.every((h: { actor: { subject: string | null } }) => h.actor.subject === null)).toBe(true);
      const signedIn = (await registry.gql(NODE, { id }, registrar)).data.node.history;
      expect(signedIn.some((h: { actor: { subject: string | null } }) => h.actor.subject !== null)).toBe(true);
    });

    it('answers null for a well-formed id of nothing', async () => {
      for (const raw of ['Certification:no-such-cert', 'Model:nope', 'Firm:nope', 'Equivalence:nope', 'Framework:NOPE', 'Certifier:nope']) {
        const r = await registry.gql(NODE, { id: Buffer.from(raw).toString('base64') });
        expect(r.errors).toBeUndefined();
        expect(r.data.node).toBeNull();
      }
    });

    const b64 = (s: string) => Buffer.from(s).toString('base64');
    it.each([
      ['not base64', '!!!'],
      ['empty', ''],
      ['a registry id instead of a global id', 'creditscope-2-1-hkai'],
      ['an unknown type', b64('HistoryEvent:x')],
      ['a type of another case', b64('certification:creditscope-2-1-hkai')],
      ['no type', b64(':creditscope')],
      ['no separator', b64('Certification')],
      ['an empty key', b64('Certification:')],
      ['base64url instead of base64', Buffer.from('Model:creditscope??>').toString('base64url')],
      ['padding stripped', b64('Firm:acme1').replace(/=+$/, '')],
      ['a control character in the key', b64('Firm:acme\u0000x')],
      ['not UTF-8', Buffer.concat([Buffer.from('Firm:'), Buffer.from([0xff, 0xfe])]).toString('base64')],
      ['an over-long key', b64(`Firm:${'a'.repeat(300)}`)],
      ['an over-long id', 'A'.repeat(5000)],
      ['SQL in the key', b64("Certification:' OR 1=1 --")],
    ])('refuses %s: BAD_USER_INPUT INPUT.INVALID_NODE_ID (or null for a well-formed unknown key), appending nothing', async (what, id) => {
      if (what === 'SQL in the key') {
        const r = await registry.gql(NODE, { id });
        expect(r.errors).toBeUndefined();
        expect(r.data.node).toBeNull();
        return;
      }
      await registry.refused(() => registry.gql(NODE, { id }), 'BAD_USER_INPUT/INPUT.INVALID_NODE_ID');
    });

    it('refuses a non-string id at validation', async () => {
      const r = await registry.gql(`{ node(id: {x: 1}) { globalId } }`);
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(r.data?.node).toBeUndefined();
    });
  });

  describe('descriptions and scalars', () => {
    it('DateTime and JSON carry a description and @specifiedBy; every custom scalar is described', () => {
      const dateTime = schema.getType('DateTime');
      expect(isScalarType(dateTime) && dateTime.specifiedByURL).toBe('https://datatracker.ietf.org/doc/html/rfc3339');
      const json = schema.getType('JSON');
      expect(isScalarType(json) && json.specifiedByURL).toBe('https://www.rfc-editor.org/rfc/rfc8259');
      const custom = Object.values(schema.getTypeMap()).filter((t) => isScalarType(t) && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(t.name));
      for (const s of custom) expect([s.name, (s.description ?? '').length > 20]).toEqual([s.name, true]);
    });

    it('every type, field, argument, input field and interface of the served schema has a description', () => {
      const missing: string[] = [];
      for (const t of Object.values(schema.getTypeMap())) {
        if (t.name.startsWith('__')) continue;
        if (!t.description) missing.push(t.name);
        if (isObjectType(t) || isInterfaceType(t))
          for (const f of Object.values(t.getFields())) {
            if (!f.description) missing.push(`${t.name}.${f.name}`);
            for (const a of f.args) if (!a.description) missing.push(`${t.name}.${f.name}(${a.name})`);
          }
        if (isInputObjectType(t)) for (const f of Object.values(t.getFields())) if (!f.description) missing.push(`${t.name}.${f.name}`);
      }
      // Built-in scalars carry the spec's descriptions; anything missing is ours.
      expect(missing).toEqual([]);
    });
  });

  it('a bad cursor is still refused on every connection', async () => {
    expect(errorCodes(await registry.gql(`{ firms(after: "bm9wZQ") { totalCount } }`))).toEqual(['BAD_USER_INPUT/INPUT.INVALID_CURSOR']);
  });
});
