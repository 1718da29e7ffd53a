import { GraphQLError, Kind } from 'graphql';
import { DateTimeScalar, LogPositionScalar } from './scalars';

const reasonOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (error) {
    return error instanceof GraphQLError ? (error.extensions.reason as string) : 'NOT_A_GRAPHQL_ERROR';
  }
};

describe('DateTime scalar', () => {
  it.each([
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T23:59:60Z',
    '2026-13-01T00:00:00Z',
    '2026-01-01T00:00:00',
    '2026-01-01T00:00:00+24:00',
    '2026-01-01 00:00:00Z',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+00:01',
    '9999-12-31T23:59:59-01:00',
    '+010000-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '2026-01-01T00:00:00.1234Z',
    '2026-01-01T00:00:00.' + '1'.repeat(10_000) + 'Z',
    '',
  ])('refuses %s with INPUT.INVALID_SCALAR, as a value and as a literal', (value) => {
    expect(reasonOf(() => DateTimeScalar.parseValue(value))).toBe('INPUT.INVALID_SCALAR');
    expect(reasonOf(() => DateTimeScalar.parseLiteral({ kind: Kind.STRING, value }))).toBe('INPUT.INVALID_SCALAR');
  });

  it.each([42, null, {}, new Date('2026-01-01T00:00:00Z')])('refuses the non-string %p', (value) => {
    expect(reasonOf(() => DateTimeScalar.parseValue(value))).toBe('INPUT.INVALID_SCALAR');
  });

  it.each([
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29T12:00:00.5Z', '2000-02-29T12:00:00.500Z'],
    ['2026-11-25T16:00:00+08:00', '2026-11-25T08:00:00.000Z'],
    ['2026-11-25t08:00:00.123z', '2026-11-25T08:00:00.123Z'],
    ['2026-11-25T08:00:00.123000000Z', '2026-11-25T08:00:00.123Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('accepts %s as the instant %s and serialises it in a form it accepts again', (value, utc) => {
    const parsed = DateTimeScalar.parseValue(value) as Date;
    expect(parsed.toISOString()).toBe(utc);
    const serialised = DateTimeScalar.serialize(parsed) as string;
    expect(serialised).toBe(utc);
    expect((DateTimeScalar.parseValue(serialised) as Date).getTime()).toBe(parsed.getTime());
  });

  it('never serialises an instant its parser would refuse', () => {
    for (const outside of [new Date('+010000-01-01T00:00:00Z'), new Date('-000001-01-01T00:00:00Z'), new Date('0000-06-01T00:00:00Z'), new Date(NaN)])
      expect(() => DateTimeScalar.serialize(outside)).toThrow();
  });
});

describe('LogPosition scalar', () => {
  it('accepts positions that fit the store columns and refuses those that do not', () => {
    expect(LogPositionScalar.parseValue('18446744073709551615.9223372036854775807')).toEqual({ transactionId: 2n ** 64n - 1n, globalPosition: 2n ** 63n - 1n });
    expect(reasonOf(() => LogPositionScalar.parseValue('18446744073709551616.1'))).toBe('INPUT.INVALID_SCALAR');
    expect(reasonOf(() => LogPositionScalar.parseValue('1.9223372036854775808'))).toBe('INPUT.INVALID_SCALAR');
  });
});
