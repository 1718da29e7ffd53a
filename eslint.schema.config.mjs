// Lint of the GraphQL SDL (schema/*.graphql) with @graphql-eslint: `npm run lint:schema`.
// The recommended schema rules plus: a description on every type, field, argument, input field, enum value and
// scalar; Relay's connection, edge and PageInfo shapes. Rules a careful author can meet: nothing about style the
// schema does not follow on purpose (see docs/notes/cli-and-conventions.md).
import graphql from '@graphql-eslint/eslint-plugin';

export default [
  {
    files: ['schema/**/*.graphql'],
    ignores: ['schema/baseline/**'],
    languageOptions: { parser: graphql.parser, parserOptions: { graphQLConfig: { schema: ['schema/*.graphql'] } } },
    plugins: { '@graphql-eslint': graphql },
    rules: {
      ...graphql.configs['flat/schema-recommended'].rules,
      ...graphql.configs['flat/schema-relay'].rules,
      // Block descriptions on types, one-line strings on fields and arguments: both are descriptions, the style is ours.
      '@graphql-eslint/description-style': 'off',
      // Value types (a verdict's line, a scope, a page) are not entities and have no id of their own.
      '@graphql-eslint/strict-id-in-types': 'off',
      // Connections page forward (first/after) only; lists of values that are not pages stay plain lists.
      '@graphql-eslint/relay-arguments': ['error', { includeBoth: false }],
      // An edge's node implements Node where the node is an entity clients cache (ExportReadyModel is a computed row).
      '@graphql-eslint/relay-edge-types': ['error', { withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false }],
      '@graphql-eslint/require-description': [
        'error',
        {
          types: true,
          rootField: true,
          DirectiveDefinition: true,
          FieldDefinition: true,
          InputValueDefinition: true,
          EnumValueDefinition: true,
          ScalarTypeDefinition: true,
        },
      ],
    },
  },
];
