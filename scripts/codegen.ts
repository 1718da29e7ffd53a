/**
 * Generates TypeScript classes from the public contract (schema/*.graphql) into
 * libs/contract/src/generated/graphql.ts. Run before every build and test (the file is not in git), so the
 * code is always type-checked against the SDL as it is: a resolver or DTO that drifts from it fails `tsc`.
 * `--check` exits 1 when the file on disk differs from a fresh generation (a stale local file).
 */
import { readFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphQLDefinitionsFactory } from '@nestjs/graphql';

const OUT = join(__dirname, '..', 'libs/contract/src/generated/graphql.ts');

const generate = (path: string) =>
  new GraphQLDefinitionsFactory().generate({
    typePaths: [join(__dirname, '..', 'schema/*.graphql')],
    path,
    outputAs: 'interface',
    emitTypenameField: false,
    skipResolverArgs: true,
    defaultScalarType: 'unknown',
    customScalarTypeMapping: { DateTime: 'Date', LogPosition: 'string', JSON: 'Record<string, unknown>' },
    additionalHeader: '/* Generated from schema/*.graphql by `npm run codegen`. Do not edit. */',
  });

(async () => {
  if (process.argv.includes('--check')) {
    const fresh = join(mkdtempSync(join(tmpdir(), 'codegen-')), 'graphql.ts');
    await generate(fresh);
    if (!existsSync(OUT) || readFileSync(OUT, 'utf8') !== readFileSync(fresh, 'utf8')) {
      console.error(`${OUT} does not match schema/*.graphql: run npm run codegen`);
      process.exit(1);
    }
    console.log('generated types match the schema');
  } else {
    await generate(OUT);
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
