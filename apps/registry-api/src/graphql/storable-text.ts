import type { ApolloServerPlugin } from '@apollo/server' with { 'resolution-mode': 'import' };
import {
  DocumentNode,
  getNullableType,
  GraphQLError,
  GraphQLSchema,
  isInputObjectType,
  Kind,
  OperationDefinitionNode,
  TypeInfo,
  ValueNode,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { badInput } from '@registry/kernel';

/**
 * Text the registry cannot store faithfully: PostgreSQL (and PGlite) refuse U+0000 in `text` and `jsonb`, and an
 * unpaired UTF-16 surrogate has no UTF-8 form, so the driver either fails (an INTERNAL answer) or replaces it
 * with U+FFFD (the input silently changed). Both are refused as bad input instead.
 */
// eslint-disable-next-line no-control-regex -- NUL is the character refused
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const unstorableTextProblem = (value: string): string | undefined => {
  if (NUL.test(value)) return 'must not contain a NUL character (U+0000)';
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (it has an unpaired UTF-16 surrogate)';
  return undefined;
};

interface Problem {
  field: string;
  problems: string[];
}

const fieldName = (path: readonly (string | number)[]) => path.join('.');

/** Every string inside a raw JSON value (a variable as the client sent it), with its path. */
const scanJson = (value: unknown, path: (string | number)[], out: Map<string, string>) => {
  if (typeof value === 'string') {
    const problem = unstorableTextProblem(value);
    if (problem && path.length > 0 && !out.has(fieldName(path))) out.set(fieldName(path), problem);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => scanJson(item, [...path, i], out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) scanJson(item, [...path, key], out);
  }
};

const scanLiteral = (node: ValueNode, path: (string | number)[], variables: Record<string, unknown>, out: Map<string, string>, used: Set<string>) => {
  switch (node.kind) {
    case Kind.STRING: {
      const problem = unstorableTextProblem(node.value);
      if (problem && path.length > 0 && !out.has(fieldName(path))) out.set(fieldName(path), problem);
      return;
    }
    case Kind.LIST:
      return node.values.forEach((item, i) => scanLiteral(item, [...path, i], variables, out, used));
    case Kind.OBJECT:
      return node.fields.forEach((f) => scanLiteral(f.value, [...path, f.name.value], variables, out, used));
    case Kind.VARIABLE:
      used.add(node.name.value);
      return scanJson(variables[node.name.value], path, out);
    default:
      return;
  }
};

/**
 * The fields of one operation whose text (inline literal or variable, at any depth) cannot be stored, named the
 * way the validation pipe names them: inside an input object argument the path starts at the object's fields
 * (`name`, `results.0.requirementId`), otherwise at the argument (`id`, `firmId`). Variables the operation does
 * not pass to any argument are named after the variable.
 */
export const unstorableTextIn = (
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Problem[] => {
  const out = new Map<string, string>();
  const used = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: (node) => (node === operation ? undefined : false),
      Argument: (node) => {
        const argument = typeInfo.getArgument();
        const insideObject = !!argument && isInputObjectType(getNullableType(argument.type));
        scanLiteral(node.value, insideObject ? [] : [node.name.value], variables, out, used);
        return false;
      },
    }),
  );
  for (const [name, value] of Object.entries(variables)) if (!used.has(name)) scanJson(value, [name], out);
  // A string where an input object belongs has an empty path here; coercion refuses it by type before execution.
  return [...out].map(([field, problem]) => ({ field, problems: [`${field} ${problem}`] }));
};

/**
 * Why a plugin and not field-by-field rules: every string argument of every operation, present and future,
 * passes through here once (inline literals and variables, including `ID` arguments of reads that no DTO
 * validates), after the document is validated and before anything runs, so a refused request reaches no
 * resolver and appends nothing. A GraphQL validation rule could not see variable values, and the global
 * ValidationPipe only sees arguments bound to a class.
 */
export const storableTextPlugin = (): ApolloServerPlugin => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, operation, request }) {
        if (!operation) return;
        const fields = unstorableTextIn(schema, document, operation, (request.variables ?? {}) as Record<string, unknown>);
        if (fields.length === 0) return;
        const refusal = badInput('INPUT.INVALID', fields.map((f) => f.problems.join('; ')).join('; '), { fields });
        // 400 like any request refused before execution; without it Apollo answers a plugin's error with 500.
        throw new GraphQLError(refusal.message, { originalError: refusal, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
      },
    };
  },
});

/** The Apollo plugins this file contributes, for the GraphQL module's `plugins`. */
export const inputPlugins = (): ApolloServerPlugin[] => [storableTextPlugin()];
