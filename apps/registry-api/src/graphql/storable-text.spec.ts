import { buildSchema, OperationDefinitionNode, parse } from 'graphql';
import { unstorableTextIn, unstorableTextProblem } from './storable-text';

const schema = buildSchema(`
  input Scope { useCases: [String!]! }
  input ThingInput { name: String!, scope: Scope, tags: [String!] }
  type Thing { id: ID! }
  type Query { thing(id: ID!): Thing, things(ids: [ID!], inputs: [ThingInput!]): [Thing!]! }
  type Mutation { make(input: ThingInput!): Thing! }
`);

const check = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  return unstorableTextIn(schema, document, operation, variables).map((f) => f.field);
};

describe('unstorable text', () => {
  it('flags NUL and unpaired surrogates only', () => {
    expect(unstorableTextProblem('a\u0000b')).toContain('NUL');
    expect(unstorableTextProblem('\uD800')).toContain('surrogate');
    expect(unstorableTextProblem('x\uDFFF')).toContain('surrogate');
    expect(unstorableTextProblem('\uDC00\uD800')).toContain('surrogate');
    for (const fine of ['', 'plain', '😀', '\uD83D\uDE00', 'é\u0001\u007f\uFFFF', "'; DROP TABLE es_events; --"])
      expect(unstorableTextProblem(fine)).toBeUndefined();
  });

  it('names fields inside an input object from the object, and other arguments by name', () => {
    expect(check(`mutation($i: ThingInput!) { make(input: $i) { id } }`, { i: { name: 'a\u0000', scope: { useCases: ['ok', '\uD800'] } } })).toEqual([
      'name',
      'scope.useCases.1',
    ]);
    expect(check(`mutation { make(input: { name: "ok", tags: ["x", "\\u0000"] }) { id } }`)).toEqual(['tags.1']);
    expect(check(`query($id: ID!) { thing(id: $id) { id } }`, { id: '\u0000' })).toEqual(['id']);
    expect(check(`{ things(ids: ["a", "\\u0000"]) { id } }`)).toEqual(['ids.1']);
    expect(check(`query($l: [ThingInput!]) { things(inputs: $l) { id } }`, { l: [{ name: 'ok' }, { name: '\u0000' }] })).toEqual(['inputs.1.name']);
  });

  it('finds arguments inside fragments, and variables no argument uses', () => {
    expect(check(`query($id: ID!) { ...F } fragment F on Query { thing(id: $id) { id } }`, { id: '\uDBFF' })).toEqual(['id']);
    expect(check(`query { thing(id: "1") { id } }`, { spare: { deep: ['\u0000'] } })).toEqual(['spare.deep.0']);
  });

  it('passes clean operations', () => {
    expect(check(`mutation($i: ThingInput!) { make(input: $i) { id } }`, { i: { name: 'Ünïcode 😀', scope: { useCases: ['lending'] } } })).toEqual([]);
  });
});
