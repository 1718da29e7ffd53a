import { parseDay, shownValue } from './dates';

describe('parseDay: the as-of day of an address', () => {
  it('reads a real day as the instant it starts in the reader’s zone; nothing for an empty or absent one', () => {
    expect(parseDay('2027-06-30')).toEqual({ kind: 'day', day: '2027-06-30', instant: new Date(2027, 5, 30).toISOString() });
    expect(parseDay('2028-02-29')).toEqual({ kind: 'day', day: '2028-02-29', instant: new Date(2028, 1, 29).toISOString() });
    expect(parseDay('2000-02-29').kind).toBe('day');
    expect(parseDay('1000-01-01').kind).toBe('day');
    expect(parseDay('9999-12-31').kind).toBe('day');
    expect(parseDay('')).toEqual({ kind: 'none' });
    expect(parseDay(null)).toEqual({ kind: 'none' });
    expect(parseDay(undefined)).toEqual({ kind: 'none' });
  });

  it.each([
    'garbage',
    '2027-13-45',
    '2027-02-30', // new Date would move it to 2 March
    '2027-02-29', // not a leap year
    '1900-02-29', // nor is 1900
    '2027-04-31',
    '2027-00-10',
    '2027-01-00',
    '99999-01-01',
    '0999-12-31',
    '0000-01-01',
    '+002027-01-01',
    '2027-1-5',
    '2027-01-05T00:00:00Z',
    ' 2027-01-05',
    '2027-01-05 ',
    '２０２７-０１-０５', // full-width digits
    '2027/01/05',
    '2027-01-05\n',
  ])('refuses %j, and says it back', (value) => {
    expect(parseDay(value)).toEqual({ kind: 'invalid', value });
  });

  it('refuses a very long value, and shows it back at most 40 characters long', () => {
    const long = '2027-01-05'.repeat(1_000);
    expect(parseDay(long)).toEqual({ kind: 'invalid', value: long });
    expect(shownValue('garbage')).toBe('garbage');
    expect(shownValue(long)).toBe(`${long.slice(0, 40)}…`);
  });
});
