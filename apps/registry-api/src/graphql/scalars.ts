import { GraphQLError, GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { formatPosition, LogPosition, parsePosition } from '@registry/event-store';

const badScalar = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason: 'INPUT.INVALID_SCALAR' } });

/**
 * The instants the registry can store and give back unchanged. RFC 3339 years are 0000-9999, but PostgreSQL has
 * no year 0, and an offset can carry an instant across either end (`9999-12-31T23:59:59-01:00` is in year 10000
 * UTC), so the check is on the UTC instant: a value outside would be written as `+010000-…` or `-000001-…`,
 * which this very scalar refuses, or make the database fail.
 */
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');
/** Digits after the milliseconds that are not all zero: the stored Date would drop them silently. */
const FINER_THAN_MILLISECONDS = /\.\d{3}\d*[1-9]\d*(?=[Z+-])/i;
const MAX_LENGTH = 64;

const EXAMPLE = 'such as 2026-11-25T08:00:00Z';

/**
 * Strict RFC 3339 `date-time` (section 5.6) through graphql-scalars' validator, which checks the calendar
 * (no 30 February, no 29 February outside leap years, no hour 24, no second 60: JavaScript dates have no leap
 * seconds), then the registry's own limits: milliseconds at most, and an instant inside the storable range.
 * Exported as the one date parser: the REST endpoints taking an instant (`/public-sector/baseline.*?asOf=`) use it too.
 */
export const parseDateTime = (value: unknown): Date => {
  const shown = typeof value === 'string' && value.length > MAX_LENGTH ? `a ${value.length}-character string` : JSON.stringify(value);
  if (typeof value !== 'string' || value.length > MAX_LENGTH) throw badScalar(`DateTime must be an RFC 3339 date-time ${EXAMPLE}, got ${shown}`);
  let parsed: Date;
  try {
    // Upper-cased first: RFC 3339 allows "t" and "z", which the validator accepts but Date.parse may not.
    parsed = GraphQLDateTime.parseValue(value.toUpperCase()) as Date;
  } catch {
    throw badScalar(`DateTime must be an RFC 3339 date-time ${EXAMPLE} (a real calendar date, hours 00-23), got ${shown}`);
  }
  if (!(parsed instanceof Date) || Number.isNaN(parsed.getTime())) throw badScalar(`DateTime must be an RFC 3339 date-time ${EXAMPLE}, got ${shown}`);
  if (FINER_THAN_MILLISECONDS.test(value)) throw badScalar(`DateTime keeps milliseconds; ${shown} is more precise and would be changed when stored`);
  if (parsed.getTime() < EARLIEST || parsed.getTime() > LATEST)
    throw badScalar(`DateTime must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z in UTC, got ${shown}`);
  return parsed;
};

/**
 * Always `YYYY-MM-DDTHH:mm:ss.sssZ`. An instant outside the range the parser accepts is a server-side fault
 * (a client could never have sent it), so it fails as such rather than being written in a form clients refuse.
 */
const serializeInstant = (value: unknown): string => {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  const time = date?.getTime();
  if (time === undefined || Number.isNaN(time) || time < EARLIEST || time > LATEST) throw new Error(`DateTime cannot serialise ${String(value)}`);
  return date!.toISOString();
};

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  specifiedByURL: 'https://datatracker.ietf.org/doc/html/rfc3339',
  serialize: serializeInstant,
  parseValue: parseDateTime,
  parseLiteral: (ast: ValueNode) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

/** Transaction ids are PostgreSQL `xid8` (unsigned 64 bits), global positions `bigint` (signed 64 bits). */
const MAX_TRANSACTION_ID = 2n ** 64n - 1n;
const MAX_GLOBAL_POSITION = 2n ** 63n - 1n;

const parseLogPosition = (value: unknown): LogPosition => {
  const parsed = typeof value === 'string' ? parsePosition(value) : undefined;
  // Twenty digits fit the pattern but not the columns: the database would fail on them, an INTERNAL answer.
  const position = parsed && parsed.transactionId <= MAX_TRANSACTION_ID && parsed.globalPosition <= MAX_GLOBAL_POSITION ? parsed : undefined;
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

/**
 * The scalars' behaviour only, for the schema's resolver map. Handing graphql-tools the GraphQLScalarType itself
 * copies its every own property onto the SDL's scalar, `description: undefined` included, so the served schema
 * lost the SDL's descriptions (and JSON its @specifiedBy). The SDL stays the one source of names, descriptions
 * and specifiedBy URLs; this map supplies serialisation and parsing.
 */
const behaviour = (scalar: GraphQLScalarType) => ({ serialize: scalar.serialize, parseValue: scalar.parseValue, parseLiteral: scalar.parseLiteral });

export const SCALAR_RESOLVERS = { DateTime: behaviour(DateTimeScalar), LogPosition: behaviour(LogPositionScalar), JSON: behaviour(JsonScalar) };
