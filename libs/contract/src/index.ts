/** The public GraphQL contract as TypeScript types, generated from schema/*.graphql. */
export * from './generated/graphql';
