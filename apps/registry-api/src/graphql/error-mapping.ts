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
  logger.error(original instanceof Error ? (original.stack ?? original.message) : String(original));
  return { ...base, message: 'Internal error; it has been logged.', extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'INTERNAL' } };
};
