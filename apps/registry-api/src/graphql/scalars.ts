import { GraphQLError, GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { formatPosition, LogPosition, parsePosition } from '@registry/event-store';

const badScalar = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason: 'INPUT.INVALID_SCALAR' } });

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

const parseInstant = (value: unknown): Date => {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value)))
    throw badScalar(`DateTime must be an ISO-8601 instant such as 2026-11-25T08:00:00Z, got ${JSON.stringify(value)}`);
  return new Date(value);
};

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value : new Date(value as string)).toISOString(),
  parseValue: parseInstant,
  parseLiteral: (ast: ValueNode) => parseInstant(ast.kind === Kind.STRING ? ast.value : undefined),
});

const parseLogPosition = (value: unknown): LogPosition => {
  const position = typeof value === 'string' ? parsePosition(value) : undefined;
  if (!position) throw badScalar(`LogPosition must look like "7431.1052" (transaction id, dot, global position), got ${JSON.stringify(value)}`);
  return position;
};

export const LogPositionScalar = new GraphQLScalarType({
  name: 'LogPosition',
  serialize: (value) => (typeof value === 'string' ? value : formatPosition(value as LogPosition)),
  parseValue: parseLogPosition,
  parseLiteral: (ast: ValueNode) => parseLogPosition(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
});
