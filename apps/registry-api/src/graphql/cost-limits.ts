import type { ApolloServerPlugin } from '@apollo/server' with { 'resolution-mode': 'import' };
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLCompositeType,
  GraphQLError,
  GraphQLField,
  GraphQLSchema,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  Lexer,
  OperationDefinitionNode,
  SelectionSetNode,
  Source,
  TokenKind,
  ValidationContext,
  ValidationRule,
  valueFromAST,
  valueFromASTUntyped,
} from 'graphql';
import type { Actor } from '@registry/kernel';
import type { IntrospectionPolicy, QueryLimitsConfig } from '../config/query-limits.config';

/**
 * The cost model: an upper estimate of the work an operation asks for, computed from the document before
 * anything runs. Units: 10 = one database round trip (a read-model query, a stream read or fold); 1 = one
 * row of a page to build and serialise. Fields answered from their parent's object cost nothing by
 * themselves. A list multiplies its children's cost: by `first` (literal, variable or the schema default)
 * for paged fields, by LIST_SIZES (or DEFAULT_LIST_SIZE) for plain lists.
 *
 * Calibrated so every README and e2e query stays well below GRAPHQL_MAX_COST=5000 (the largest, a model
 * with every version's certifications, their history and certifier, is 3,110) while the attacks
 * cost 100x that.
 */
export const FIELD_COSTS: Readonly<Record<string, number>> = {
  'Query.status': 10,
  'Query.certification': 10,
  'Query.certifications': 10,
  'Query.equivalence': 20, // its history plus the live verdict facts
  'Query.recognitions': 20,
  'Query.firm': 10,
  'Query.firms': 10,
  'Query.frameworks': 10,
  'Query.framework': 10,
  'Query.certifier': 10,
  'Query.model': 10,
  'Query.weightsLocalization': 10,
  'Query.dataTransferBasis': 10,
  'Query.conditionEvidence': 10,
  // A verdict is judged on request, and a knownAt cut may fold up to one snapshot interval of the log.
  'Query.exportReadiness': 50,
  // A verdict (or a fold) plus a signature and the log anchors' look-ups.
  'Query.exportReadinessCredential': 60,
  'Query.certificationCredential': 30,
  'Query.exportReadyModels': 10,
  // A page of the log (first ≤ 200 events, each redacted and shaped).
  'Query.changes': 50,
  'Change.event': 1,
  // A subscription is held open: each re-judges (readiness, recognitions) or folds (certification) per change.
  'Subscription.exportReadinessChanged': 100,
  'Subscription.recognitionsChanged': 50,
  'Subscription.certificationChanged': 20,
  'Query.regulatorKeys': 10,
  'Query.node': 10, // the node's own query
  'Query.trainingDataProvenance': 10,
  'Query.publicSectorSystem': 10,
  'Query.publicSectorSystems': 10,
  'Query.auditCampaign': 10,
  'Query.auditCampaigns': 10,
  // Every system and campaign read and judged at an instant.
  'Query.publicSectorBaseline': 20,
  'Query.sandboxSuites': 10,
  'Query.sandboxSuite': 10,
  'Query.sandboxRun': 10,
  'Query.sandboxRuns': 10,
  // A run's fold plus a signature and the log anchors' look-ups, as the other credentials.
  'Query.sandboxSealCredential': 60,
  'Query.logCheckpoint': 10,
  'Query.inclusionProof': 10,
  'Query.consistencyProof': 10,
  'Certification.certifier': 10,
  'ModelVersion.certifications': 10,
  // Every node of a page is a row to read and shape.
  'CertificationEdge.node': 1,
  'FirmEdge.node': 1,
  'ExportReadyModelEdge.node': 1,
  'SandboxRunEdge.node': 1,
};

/** Any `history` is one stream read; any mutation is a command (read, decide, append, wait for projections). */
const HISTORY_COST = 10;
const MUTATION_COST = 50;
/** A query or subscription root field missing from FIELD_COSTS still reads the store: never free. */
const ROOT_READ_COST = 10;

/** Assumed sizes of lists that have no `first` argument (upper ends of what the registry holds per parent). */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  'Model.versions': 10,
  'ModelVersion.certifications': 10,
  'Query.frameworks': 20,
  'Framework.versions': 5,
};
const DEFAULT_LIST_SIZE = 10;
/** The largest page the API serves; a larger `first` is refused by the resolver before any work. */
const MAX_PAGE = 100;

export interface CostInput {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly variables?: Record<string, unknown>;
}

const fieldCost = (parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>): number => {
  const key = `${parent.name}.${field.name}`;
  if (FIELD_COSTS[key] !== undefined) return FIELD_COSTS[key];
  if (parent.name === 'Mutation') return MUTATION_COST;
  if (parent.name === 'Query' || parent.name === 'Subscription') return ROOT_READ_COST;
  if (field.name === 'history') return HISTORY_COST;
  return 0;
};

const multiplier = (parent: GraphQLCompositeType, field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): number => {
  const firstArg = field.args.find((a) => a.name === 'first');
  if (firstArg) {
    const given = node.arguments?.find((a) => a.name.value === 'first');
    const value = given ? valueFromAST(given.value, firstArg.type, variables) : firstArg.defaultValue;
    const n = typeof value === 'number' && Number.isFinite(value) ? value : Number(firstArg.defaultValue ?? MAX_PAGE);
    return Math.min(Math.max(n, 1), MAX_PAGE);
  }
  // A connection's edges are the page its field already counted.
  if (field.name === 'edges' && parent.name.endsWith('Connection')) return 1;
  if (isListType(getNullableType(field.type))) return LIST_SIZES[`${parent.name}.${field.name}`] ?? DEFAULT_LIST_SIZE;
  return 1;
};

/** The estimated cost of one operation (see FIELD_COSTS); fragments are expanded where they are spread. */
export const operationCost = ({ schema, document, operation, variables: given = {} }: CostInput): number => {
  // Apollo passes the variables as sent; a variable left out takes the operation's default.
  const variables: Record<string, unknown> = { ...given };
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    if (variables[name] === undefined && def.defaultValue) variables[name] = valueFromASTUntyped(def.defaultValue);
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  const selectionCost = (parent: GraphQLCompositeType, set: SelectionSetNode, spread: ReadonlySet<string>): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : undefined;
        const field = fields?.[selection.name.value];
        if (!field) continue; // validation has already refused unknown fields
        let cost = fieldCost(parent, field);
        const child = getNamedType(field.type);
        if (selection.selectionSet && isCompositeType(child)) {
          cost += multiplier(parent, field, selection, variables) * selectionCost(child, selection.selectionSet, spread);
        }
        total += cost;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += selectionCost(on && isCompositeType(on) ? on : parent, selection.selectionSet, spread);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // Validation refuses fragment cycles; the guard only keeps this function total on its own.
        if (!fragment || spread.has(name)) continue;
        const on = schema.getType(fragment.typeCondition.name.value);
        total += selectionCost(on && isCompositeType(on) ? on : parent, fragment.selectionSet, new Set([...spread, name]));
      }
    }
    return total;
  };

  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  return root ? selectionCost(root, operation.selectionSet, new Set()) : 0;
};

/** Lexical tokens of a document (comments excluded), or undefined when it does not lex: the parser says why. */
export const countTokens = (source: string, stopAfter = Infinity): number | undefined => {
  try {
    const lexer = new Lexer(new Source(source));
    let n = 0;
    while (n < stopAfter && lexer.advance().kind !== TokenKind.EOF) n++;
    return n;
  } catch {
    return undefined;
  }
};

/** A refusal of the query's shape: BAD_USER_INPUT (HTTP 400), a stable reason, the limit and the value. */
export const queryRefused = (reason: string, message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason, http: { status: 400 } } });

/**
 * Not the exact count: counting every token of a refused document would lex all of it, and the attacker
 * chooses its size (17,000 tokens took ~1.5 ms, most of the cost of refusing it).
 */
const tokenLimitMessage = (limits: QueryLimitsConfig) =>
  `Token limit of ${limits.maxTokens} exceeded, found over ${limits.maxTokens} (GRAPHQL_MAX_TOKENS); the document was not parsed.`;

/**
 * The token limit at admission, while the GraphQL context is built: an oversized document is refused before
 * Apollo hashes, parses or wraps anything. Apollo's own refusal (parseOptions below, kept for documents that
 * do not come from the HTTP body) turns the parser's error into a SyntaxError that copies the original's
 * stack, and formatting a stack is what made refusing the 90 KB attack cost 50-150 ms under jest's
 * source maps. Lexing stops one token past the limit; a document no longer in characters than the limit
 * cannot exceed it, so most are not lexed at all.
 */
export const tokenLimitRefusal = (source: unknown, limits: QueryLimitsConfig): GraphQLError | undefined => {
  if (typeof source !== 'string' || source.length <= limits.maxTokens) return undefined;
  if ((countTokens(source, limits.maxTokens + 1) ?? 0) <= limits.maxTokens) return undefined;
  return queryRefused('QUERY.TOO_MANY_TOKENS', tokenLimitMessage(limits));
};

/** The document of an HTTP request as sent: a POST body's `query`, or a GET's `query` parameter. */
export const documentOf = (req: { body?: unknown; query?: unknown }): unknown =>
  (req.body as { query?: unknown } | undefined)?.query ?? (req.query as { query?: unknown } | undefined)?.query;

/**
 * Field selections of a document, each fragment counted once per spread (memoised, so a fragment spread
 * 1,000 times is walked once; a cycle counts 0 here and is refused by validation).
 */
export const countFields = (document: DocumentNode): number => {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const sizes = new Map<string, number>();
  const inSet = (set: SelectionSetNode): number => {
    let n = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) n += 1 + (s.selectionSet ? inSet(s.selectionSet) : 0);
      else if (s.kind === Kind.INLINE_FRAGMENT) n += inSet(s.selectionSet);
      else n += ofFragment(s.name.value);
    }
    return n;
  };
  const ofFragment = (name: string): number => {
    const known = sizes.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    sizes.set(name, 0);
    const n = fragment ? inSet(fragment.selectionSet) : 0;
    sizes.set(name, n);
    return n;
  };
  let total = 0;
  for (const def of document.definitions) if (def.kind === Kind.OPERATION_DEFINITION) total += inSet(def.selectionSet);
  return total;
};

/**
 * GRAPHQL_MAX_FIELDS, before GraphQL's own rules do their work. Apollo runs every rule in one traversal,
 * specified rules first, and OverlappingFieldsCanBeMerged compares all same-named fields of a selection set
 * when the traversal enters it: ~500 repeated `status { eventCount }` fit in 2,000 tokens and took 180-600 ms
 * there. This rule acts when the traversal enters the document, before any selection set; returning null
 * from that visit (the visitor API's "delete this node") ends the traversal, so no other rule runs on it.
 */
export const fieldLimitRule =
  (limits: QueryLimitsConfig): ValidationRule =>
  (context) => ({
    Document: {
      enter(document) {
        const found = countFields(document);
        if (found <= limits.maxFields) return undefined;
        context.reportError(
          queryRefused(
            'QUERY.TOO_MANY_FIELDS',
            `Field limit of ${limits.maxFields} exceeded, found ${found} (GRAPHQL_MAX_FIELDS). Ask for fewer fields, or repeat none.`,
          ),
        );
        return null;
      },
    },
  });

/** Armor's message already names the limit and what it found; ours adds the setting that changes it. */
const armorRejection =
  (reason: string, setting: string) =>
  (context: ValidationContext | null, error: GraphQLError): void => {
    context?.reportError(queryRefused(reason, `${error.message.replace(/^Syntax Error: /, '')} (${setting})`));
  };

/**
 * The field count (first: it ends validation before GraphQL's costly rules), then depth, aliases and
 * directives from GraphQL Armor, which run with GraphQL's own validation. Apollo caches a valid document's
 * result, so a repeated query is not re-checked.
 */
export const queryShapeRules = (limits: QueryLimitsConfig): ValidationRule[] => [
  fieldLimitRule(limits),
  maxDepthRule({ n: limits.maxDepth, propagateOnRejection: false, onReject: [armorRejection('QUERY.TOO_DEEP', 'GRAPHQL_MAX_DEPTH')] }),
  maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: [armorRejection('QUERY.TOO_MANY_ALIASES', 'GRAPHQL_MAX_ALIASES')] }),
  maxDirectivesRule({
    n: limits.maxDirectives,
    propagateOnRejection: false,
    onReject: [armorRejection('QUERY.TOO_MANY_DIRECTIVES', 'GRAPHQL_MAX_DIRECTIVES')],
  }),
];

export const mayIntrospect = (policy: IntrospectionPolicy, actor: Actor | undefined): boolean =>
  policy === 'anonymous' || (policy === 'authenticated' && actor !== undefined);

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

const asksForIntrospection = (document: DocumentNode, operation: OperationDefinitionNode): boolean => {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode): boolean =>
    set.selections.some((s) => {
      if (s.kind === Kind.FIELD) return INTROSPECTION_FIELDS.has(s.name.value) || (s.selectionSet !== undefined && visit(s.selectionSet));
      if (s.kind === Kind.INLINE_FRAGMENT) return visit(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      const fragment = fragments.get(s.name.value);
      return fragment !== undefined && visit(fragment.selectionSet);
    });
  return visit(operation.selectionSet);
};

const SUGGESTION = /\s*Did you mean .+\?/g;
const TOKEN_ABORT = /Document contains more th(?:an|at) \d+ tokens/;

/**
 * Apollo options for the token limit: GraphQL's parser counts tokens as it goes and aborts past the limit, so
 * an oversized document is refused (HTTP 400) before it is parsed whole, let alone validated.
 */
export const queryParseOptions = (limits: QueryLimitsConfig) => ({ maxTokens: limits.maxTokens });

/**
 * The per-request checks: cost (with the request's variables) and introspection (with the caller) before
 * execution, and the wording of token-limit and suggestion errors. The caller's actor comes from the context, which Apollo builds first.
 */
export const queryLimitsPlugin = (limits: QueryLimitsConfig): ApolloServerPlugin => ({
  async requestDidStart({ contextValue }) {
    const { actor } = contextValue as { actor?: Actor };
    const introspectable = mayIntrospect(limits.introspection, actor);
    return {
      async didResolveOperation({ document, operation, request, schema }) {
        // Without an operation Apollo refuses the request itself when it executes.
        if (!operation) return;
        if (!introspectable && asksForIntrospection(document, operation)) {
          throw queryRefused(
            'QUERY.INTROSPECTION_DISABLED',
            `Introspection is disabled for ${actor ? 'this caller' : 'anonymous callers'} (GRAPHQL_INTROSPECTION=${limits.introspection}).`,
          );
        }
        const cost = operationCost({ schema, document, operation, variables: request.variables ?? {} });
        if (cost > limits.maxCost) {
          throw queryRefused(
            'QUERY.TOO_COSTLY',
            `Query cost limit of ${limits.maxCost} exceeded, found ${cost} (GRAPHQL_MAX_COST). Ask for smaller pages or fewer nested lists.`,
          );
        }
      },
      async didEncounterErrors({ errors }) {
        for (const error of errors) {
          const extensions = error.extensions as Record<string, unknown>;
          // GraphQL's parser stops at `maxTokens` (parseOptions below); the refusal gets our reason and the count.
          if (extensions.code === 'GRAPHQL_PARSE_FAILED' && TOKEN_ABORT.test(error.message)) {
            extensions.reason = 'QUERY.TOO_MANY_TOKENS';
            error.message = tokenLimitMessage(limits);
          }
          // Suggestions name fields and types, which is what introspection would have told.
          if (!introspectable) error.message = error.message.replace(SUGGESTION, '');
        }
      },
    };
  },
});
