import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLObjectType, OperationDefinitionNode, parse } from 'graphql';
import { FIELD_COSTS, operationCost } from './cost-limits';

const schemaDir = join(__dirname, '..', '..', '..', '..', 'schema');
const schema = buildSchema(
  readdirSync(schemaDir)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => readFileSync(join(schemaDir, f), 'utf8'))
    .join('\n'),
);
const cost = (query: string) => {
  const document = parse(query);
  return operationCost({ schema, document, operation: document.definitions[0] as OperationDefinitionNode });
};

describe('query cost model', () => {
  it('declares a cost for every query and subscription root field of the contract', () => {
    const undeclared = (['Query', 'Subscription'] as const).flatMap((root) =>
      Object.keys((schema.getType(root) as GraphQLObjectType).getFields())
        .map((field) => `${root}.${field}`)
        .filter((key) => FIELD_COSTS[key] === undefined),
    );
    expect(undeclared).toEqual([]);
  });

  it('charges a signed credential as a verdict plus a signature, whichever credential it is', () => {
    expect(cost('{ sandboxSealCredential(runId: "r") { jws } }')).toBe(60);
    expect(cost('{ a: sandboxSealCredential(runId: "r") { jws } b: sandboxSealCredential(runId: "s") { jws } }')).toBe(120);
  });

  it('never lets a root read cost nothing', () => {
    for (const query of [
      '{ publicSectorBaseline { overall { registered } } }',
      '{ node(id: "x") { globalId } }',
      '{ sandboxSuites { id } }',
      '{ regulatorKeys(jurisdiction: "EU") { keyId } }',
    ]) {
      expect(cost(query)).toBeGreaterThanOrEqual(10);
    }
  });
});
