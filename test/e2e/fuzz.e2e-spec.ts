import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  GraphQLObjectType,
} from 'graphql';
import { schemaDir } from '../../apps/registry-api/src/graphql/schema-location';
import { GraphQLResponse, RunningRegistry } from './support/registry';

/**
 * Property: whatever a client sends to any operation of the schema, as any caller, the registry answers with data
 * or with errors it can name (never INTERNAL_SERVER_ERROR, never HTTP 5xx), and a refused mutation appends nothing.
 * Operations and their inputs are read from the SDL itself, so a new mutation or query is fuzzed without editing
 * this file. Seeded: FUZZ_SEED=<n> replays a run; FUZZ_RUNS=<n> changes the runs per operation.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_125);
const RUNS = Number(process.env.FUZZ_RUNS ?? 24);

const schema = buildSchema(
  readdirSync(schemaDir())
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(join(schemaDir(), f), 'utf8'))
    .join('\n'),
);

/** Values the demo catalog holds, so generated requests also get past validation into the deciders and reads. */
const PLAUSIBLE = [
  'pearl-chat',
  'creditscope',
  '1.0',
  '2.1',
  'cathay-vision',
  'harbour-lending',
  'pearl-river-gen',
  'hkcb-demo',
  'HK-AI',
  '0.9-draft',
  'EU-AI-ACT',
  '2024/1689-ART50',
  'ART-50',
  'HK-AI-02',
  'eq-hk02-eu-art50',
  'pearl-chat-1-0-hkai',
  'EU',
  'HK',
  'CN',
  'SG',
  'lending',
  'chatbot',
  `sha256:${'a'.repeat(64)}`,
  '2026-11-25T08:00:00Z',
  '7431.1052',
  'fuzz-firm',
  'fuzz-model',
];

const HOSTILE = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDC00x',
  'x\uDBFF',
  '😀',
  '\uFEFF',
  '\u202E',
  'ﷺ',
  'Ω≈ç√',
  '\n\r\t',
  "'; DROP TABLE es_events; --",
  '" OR 1=1 --',
  '\\',
  '{"a":1}',
  '}{',
  '[',
  '%s%n',
  '../../etc/passwd',
  '..\\..',
  '/',
  '$1',
  '${x}',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '0x10',
  '2026-02-30T00:00:00Z',
  '9999-12-31T23:59:59-01:00',
  '99999999999999999999.1',
  'JJ',
  'XX',
  'hk',
  'EU ',
  'sha256:',
  '__proto__',
  'constructor',
];

const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PLAUSIBLE) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(10_000, 70_000).chain((n) => fc.constantFrom('x', '😀', '\u0000', 'é').map((c) => c.repeat(n / c.length))) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PLAUSIBLE), fc.constantFrom(...HOSTILE)).map(([a, b]) => a + b) },
);

const int = fc.oneof(
  fc.integer({ min: -5, max: 200 }),
  fc.constantFrom(0, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1.5, -0),
);

const dateTime = fc.oneof(
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(
    '2026-02-30T00:00:00Z',
    '2025-02-29T12:00:00Z',
    '2026-01-01T24:00:00Z',
    '0000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '2026-01-01',
    'now',
  ),
  text,
);

const logPosition = fc.oneof(
  fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 65n }), fc.bigInt({ min: 0n, max: 2n ** 64n })).map(([t, g]) => `${t}.${g}`),
  text,
);

/** A value of the wrong kind for wherever it is put: the server must refuse it by type, not crash on it. */
const wrongKind: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double({ noNaN: true }),
  fc.constantFrom({}, [], [[[[[[[[[['deep']]]]]]]]]], { nested: { deeper: [1, 'two', null] } }),
  fc.dictionary(text, fc.oneof(text, int), { maxKeys: 3 }),
);

const scalarValue = (name: string): fc.Arbitrary<unknown> => {
  switch (name) {
    case 'Int':
      return int;
    case 'Float':
      return fc.double();
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return dateTime;
    case 'LogPosition':
      return logPosition;
    case 'JSON':
      return fc.jsonValue({ maxDepth: 3 });
    default:
      return text;
  }
};

/**
 * A value for `type`: mostly well-typed (so requests reach validation, deciders and SQL), sometimes of the wrong
 * kind, with missing required fields, unknown fields, invalid enum names and lists nested deeper than declared.
 */
const valueFor = (type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> => {
  if (isNonNullType(type)) return fc.oneof({ weight: 12, arbitrary: valueFor(type.ofType, depth) }, { weight: 1, arbitrary: fc.constant(null) });
  const typed = ((): fc.Arbitrary<unknown> => {
    if (isListType(type)) {
      const item = valueFor(type.ofType, depth + 1);
      return fc.oneof(
        { weight: 6, arbitrary: fc.array(item, { maxLength: 4 }) },
        { weight: 1, arbitrary: fc.array(fc.array(item, { maxLength: 2 }), { maxLength: 2 }) },
        { weight: 1, arbitrary: item },
      );
    }
    if (isEnumType(type)) return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)) }, { weight: 1, arbitrary: text });
    if (isInputObjectType(type)) {
      if (depth > 4) return fc.constant({});
      const fields = Object.values(type.getFields());
      const model = Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, depth + 1)]));
      const required = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name);
      const record = fc.record(model, { requiredKeys: required });
      return fc.oneof(
        { weight: 8, arbitrary: record },
        { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) },
        { weight: 1, arbitrary: fc.tuple(record, fc.constantFrom('unknownField', 'extra', '__proto__'), text).map(([r, k, v]) => ({ ...r, [k]: v })) },
      );
    }
    if (isScalarType(type)) return scalarValue(type.name);
    return fc.constant(null);
  })();
  return fc.oneof({ weight: 10, arbitrary: typed }, { weight: 1, arbitrary: wrongKind });
};

/** Args for one operation: the required ones (left out now and then) and a subset of the optional ones. */
const argsFor = (args: readonly GraphQLArgument[]): fc.Arbitrary<Record<string, unknown>> => {
  const model = Object.fromEntries(args.map((a) => [a.name, valueFor(a.type)]));
  const required = args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => a.name);
  return fc.oneof({ weight: 12, arbitrary: fc.record(model, { requiredKeys: required }) }, { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) });
};

const selectionOf = (field: GraphQLField<unknown, unknown>): string => {
  const named = getNamedType(field.type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return '{ __typename }';
  const leaves = Object.values((named as GraphQLObjectType).getFields()).filter(
    (f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)),
  );
  return `{ __typename ${leaves.map((f) => f.name).join(' ')} }`;
};

/** Inline GraphQL literal for a value, for the requests that carry their input in the document. */
const literal = (value: unknown): string => {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  return `{ ${Object.entries(value as object)
    .map(([k, v]) => `${k}: ${literal(v)}`)
    .join(', ')} }`;
};

const printType = (type: GraphQLInputType): string => type.toString();

interface FuzzRequest {
  caller: Caller;
  query: string;
  variables: Record<string, unknown>;
}

const printable = (value: FuzzRequest) => Object.assign(value, { [fc.toStringMethod]: () => clip(JSON.stringify(value), 1500) });

type Caller = 'REGISTRAR' | 'FIRM' | 'CERTIFIER' | 'REGULATOR' | 'anonymous';
const CALLERS: readonly Caller[] = ['REGISTRAR', 'FIRM', 'CERTIFIER', 'REGULATOR', 'anonymous'];

const request = (kind: 'mutation' | 'query', field: GraphQLField<unknown, unknown>) =>
  fc.record({ args: argsFor(field.args), caller: fc.constantFrom(...CALLERS), inline: fc.boolean() }).map(({ args, caller, inline }) => {
    const used = field.args.filter((a) => a.name in args);
    const selection = selectionOf(field);
    if (inline) {
      const call = used.length ? `(${used.map((a) => `${a.name}: ${literal(args[a.name])}`).join(', ')})` : '';
      return printable({ caller, query: `${kind} { ${field.name}${call} ${selection} }`, variables: {} as Record<string, unknown> });
    }
    const declared = used.length ? `(${used.map((a) => `$${a.name}: ${printType(a.type)}`).join(', ')})` : '';
    const call = used.length ? `(${used.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
    return printable({ caller, query: `${kind} ${field.name}Fuzz${declared} { ${field.name}${call} ${selection} }`, variables: args });
  });

const INTERNAL = 'INTERNAL_SERVER_ERROR';

/** Long generated strings would flood the report; the seed replays the exact value. */
const clip = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);

describe(`fuzzing every operation of the SDL (seed ${SEED}, ${RUNS} runs each)`, () => {
  let registry: RunningRegistry;
  const tokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    // Thousands of requests from one address in a minute are the point here, not abuse.
    process.env.RATE_LIMIT_ENABLED = '0';
    registry = await RunningRegistry.start({ seedDemo: true });
    tokens.REGISTRAR = await registry.token('REGISTRAR', 'registrar-hk');
    tokens.FIRM = await registry.token('FIRM', 'cathay-admin', 'cathay-vision');
    tokens.CERTIFIER = await registry.token('CERTIFIER', 'hkcb-demo', 'hkcb-demo');
    tokens.REGULATOR = await registry.token('REGULATOR', 'eu-ai-office', 'EU');
  }, 120_000);
  afterAll(async () => {
    delete process.env.RATE_LIMIT_ENABLED;
    await registry?.stop();
  });

  const send = async (query: string, variables: Record<string, unknown>, caller: Caller): Promise<GraphQLResponse & { raw: string }> => {
    const response = await fetch(registry.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(tokens[caller as keyof typeof tokens] ? { authorization: `Bearer ${tokens[caller as keyof typeof tokens]}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const raw = await response.text();
    try {
      return { status: response.status, raw, ...(JSON.parse(raw) as object) };
    } catch {
      return { status: response.status, raw, errors: [{ message: 'not JSON', extensions: { code: 'NOT_JSON', reason: 'NOT_JSON' } }] };
    }
  };

  const fuzz = (kind: 'mutation' | 'query', field: GraphQLField<unknown, unknown>) =>
    fc.assert(
      fc.asyncProperty(request(kind, field), async ({ query, variables, caller }) => {
        const before = kind === 'mutation' ? await registry.eventCount() : 0;
        const r = await send(query, variables, caller);
        // Express refuses bodies over its limit before GraphQL sees them: a refusal, though not in GraphQL's shape.
        if (r.status === 413) return;
        const codes = (r.errors ?? []).map((e) => e.extensions?.code);
        if (r.status >= 500 || codes.includes(INTERNAL) || codes.includes('NOT_JSON') || (r.errors?.length ?? 0) + (r.data ? 1 : 0) === 0)
          throw new Error(`${caller} got HTTP ${r.status}: ${clip(r.raw)}`);
        if (kind === 'mutation' && r.errors?.length && (r.data?.[field.name] ?? null) === null) {
          const after = await registry.eventCount();
          if (after !== before) throw new Error(`refused ${field.name} appended ${after - before} events: ${clip(r.raw)}`);
        }
      }),
      // No shrinking against a live server (each step is a request); the counterexample and seed are printed as found.
      { seed: SEED, numRuns: RUNS, endOnFailure: true, verbose: fc.VerbosityLevel.None },
    );

  const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
  const queries = Object.values(schema.getQueryType()?.getFields() ?? {}).filter((q) => q.args.length > 0);

  it('finds the operations in the SDL', () => {
    expect(mutations.length).toBeGreaterThan(20);
    expect(mutations.map((m) => m.name)).toEqual(expect.arrayContaining(['registerFirm', 'issueCertification', 'publishFramework', 'proposeEquivalence']));
    expect(queries.map((q) => q.name)).toEqual(expect.arrayContaining(['certification', 'model', 'exportReadiness', 'certifications']));
  });

  it.each(mutations.map((m) => [m.name, m] as const))('mutation %s: never INTERNAL, a refusal appends nothing', (_, field) => fuzz('mutation', field));

  it.each(queries.map((q) => [q.name, q] as const))('query %s: never INTERNAL', (_, field) => fuzz('query', field));
});
