import { buildSchema } from 'graphql';
import { checkSchemas, currentSchema } from './schema-check';

const BASE = buildSchema(`
  "q" type Query { "a" a(x: Int): String "b" b: Int }
  "e" enum E { "one" ONE }
`);

describe('schema:check (graphql-inspector diff against the baseline)', () => {
  it('passes additions: a new field, a new optional argument, a new type', async () => {
    const next = buildSchema(`type Query { a(x: Int, y: Int): String b: Int c: T } type T { d: Int } enum E { ONE }`);
    const r = await checkSchemas(BASE, next, []);
    expect(r.breaking).toEqual([]);
    expect(r.additions).toBeGreaterThanOrEqual(3);
  });

  it('fails a removed field, a changed type and a new required argument unless recorded', async () => {
    const next = buildSchema(`type Query { a(x: Int, z: Int!): Int } enum E { ONE }`);
    const r = await checkSchemas(BASE, next, []);
    expect(r.unrecorded.map((c) => `${c.type} ${c.path}`).sort()).toEqual(
      ['FIELD_ARGUMENT_ADDED Query.a.z', 'FIELD_REMOVED Query.b', 'FIELD_TYPE_CHANGED Query.a'].sort(),
    );
    const recorded = await checkSchemas(BASE, next, [
      { type: 'FIELD_REMOVED', path: 'Query.b', reason: 'test' },
      { type: 'FIELD_TYPE_CHANGED', path: 'Query.a', reason: 'test' },
      { type: 'FIELD_ARGUMENT_ADDED', path: 'Query.a.z', reason: 'test' },
    ]);
    expect(recorded.unrecorded).toEqual([]);
    expect(recorded.breaking).toHaveLength(3);
  });

  it('lists a new enum value as dangerous, not breaking', async () => {
    const r = await checkSchemas(BASE, buildSchema(`type Query { a(x: Int): String b: Int } enum E { ONE TWO }`), []);
    expect(r.dangerous.map((c) => c.type)).toEqual(['ENUM_VALUE_ADDED']);
    expect(r.breaking).toEqual([]);
  });

  it('builds the repository schema from schema/*.graphql with the Node interface and complete PageInfo', () => {
    const schema = currentSchema();
    expect(Object.keys((schema.getType('PageInfo') as any).getFields()).sort()).toEqual(['endCursor', 'hasNextPage', 'hasPreviousPage', 'startCursor']);
    expect(schema.getQueryType()!.getFields().node.type.toString()).toBe('Node');
  });
});
