import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The web registry's typed GraphQL client: every query in apps/web/src is checked against schema/*.graphql and
 * gets its result and variable types (client preset, documents as plain strings: no GraphQL runtime in the
 * bundle). Run by `npm run codegen`; the output (src/gql) is not in git.
 */
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  documents: ['apps/web/src/**/*.tsx', 'apps/web/src/**/*.ts', '!apps/web/src/gql/**'],
  ignoreNoDocuments: false,
  silent: true,
  generates: {
    'apps/web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: { DateTime: 'string', LogPosition: 'string', JSON: 'Record<string, unknown>' },
      },
    },
  },
};

export default config;
