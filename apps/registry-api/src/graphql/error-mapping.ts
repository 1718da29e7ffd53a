import { randomUUID } from 'node:crypto';
import { HttpException, Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCategory, isRegistryError } from '@registry/kernel';

const logger = new Logger('GraphQL');

/** Apollo's own codes for requests that never reached a resolver, folded into ours. */
const APOLLO_CODES: Record<string, ErrorCategory> = {
  GRAPHQL_PARSE_FAILED: 'BAD_USER_INPUT',
  GRAPHQL_VALIDATION_FAILED: 'BAD_USER_INPUT',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  BAD_REQUEST: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  PERSISTED_QUERY_NOT_FOUND: 'BAD_USER_INPUT',
  OPERATION_RESOLUTION_FAILURE: 'BAD_USER_INPUT',
};

const HTTP_CODES: Record<number, ErrorCategory> = { 400: 'BAD_USER_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT' };

/**
 * The one mapping from failures to GraphQL errors. `extensions.code` is one of BAD_USER_INPUT, NOT_FOUND,
 * CONFLICT, FORBIDDEN, UNAUTHENTICATED, INTERNAL_SERVER_ERROR; `extensions.reason` is the stable domain code
 * (e.g. FIRM.ALREADY_REGISTERED). Unexpected errors are logged and never leak their message.
 */
export const formatError = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (isRegistryError(original)) {
    const code = original.category === 'INTERNAL' ? 'INTERNAL_SERVER_ERROR' : original.category;
    return { ...base, message: original.message, extensions: { code, reason: original.code, ...original.details } };
  }
  if (original instanceof HttpException) {
    const code = HTTP_CODES[original.getStatus()] ?? 'INTERNAL_SERVER_ERROR';
    return { ...base, extensions: { code, reason: `HTTP.${original.getStatus()}` } };
  }
  const apolloCode = formatted.extensions?.code as string | undefined;
  if (original instanceof GraphQLError || (apolloCode && APOLLO_CODES[apolloCode])) {
    const code = (apolloCode && APOLLO_CODES[apolloCode]) ?? 'BAD_USER_INPUT';
    const reason = (formatted.extensions?.reason as string | undefined) ?? `GRAPHQL.${apolloCode ?? 'INVALID_REQUEST'}`;
    return { ...base, extensions: { code, reason } };
  }
  const errorId = logUnexpected(original, formatted.path?.join('.'));
  return { ...base, message: `Internal error; it has been logged as ${errorId}.`, extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'INTERNAL', errorId } };
};

/** Names PostgreSQL (pg, PGlite) errors carry: identifiers of the schema, never row values. */
const SCHEMA_NAMES = ['constraint', 'table', 'column', 'dataType', 'routine', 'severity'] as const;
const IDENTIFIER = /^[A-Za-z0-9_.:-]{1,100}$/;
const MAX_FRAMES = 20;

/**
 * Logs an unexpected failure by what identifies it (an error id the client is told, the error's class, its
 * code such as a SQLSTATE, the schema names a database error carries, where it was thrown) and never by its
 * message: messages of errors we did not write quote whatever they were given (a statement's parameters,
 * PostgreSQL's "invalid input syntax for type integer: <value>", restricted payload text). Enumerable
 * properties (PGlite's and pg's `params`, `detail`, `where`) are left out for the same reason.
 * Returns the error id.
 */
export const logUnexpected = (error: unknown, where?: string): string => {
  const errorId = randomUUID();
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown> & { stack?: unknown };
  const identifiers = Object.fromEntries(
    (['code', ...SCHEMA_NAMES] as const).filter((key) => typeof e[key] === 'string' && IDENTIFIER.test(e[key] as string)).map((key) => [key, e[key]]),
  );
  // The stack's first lines repeat the message; the frames below them name only code locations.
  const frames =
    typeof e.stack === 'string'
      ? e.stack
          .split('\n')
          .filter((line) => /^\s+at /.test(line))
          .slice(0, MAX_FRAMES)
          .map((line) => line.trim())
      : [];
  // Bundled libraries (PGlite) minify class names; `name` is what they set on purpose.
  const name = error instanceof Error ? [error.name, error.constructor.name].filter((n) => n && IDENTIFIER.test(n)).join('/') : typeof error;
  logger.error({ msg: `Unexpected ${name}${where ? ` in ${where}` : ''} (error ${errorId})`, errorId, error: { name, ...identifiers, frames } });
  return errorId;
};
