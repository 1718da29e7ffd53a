/**
 * The "as of" day of a page's address (`?date=YYYY-MM-DD`), checked before anything is computed from it: an address
 * is typed, pasted or shared, so it may hold anything. A day is read as the instant it starts in the reader's zone.
 */
export type Day =
  { readonly kind: 'none' } | { readonly kind: 'day'; readonly day: string; readonly instant: string } | { readonly kind: 'invalid'; readonly value: string };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Years outside are refused rather than guessed at: the registry stores 0001-9999 (UTC), and a day's start in the reader's zone may fall into the year before. */
const FIRST_YEAR = 1000;
const LAST_YEAR = 9999;

/**
 * `value` as a calendar day: exactly `YYYY-MM-DD`, a month 01-12 and a day that exists in it (no 30 February, no
 * 29 February outside leap years: `new Date` would silently move those to March), a year from 1000 to 9999, and a
 * start the reader's clock can express. Empty or absent: no day (the pages then use "now").
 */
export const parseDay = (value: string | null | undefined): Day => {
  if (value === null || value === undefined || value === '') return { kind: 'none' };
  const match = DAY.exec(value);
  if (!match) return { kind: 'invalid', value };
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1) return { kind: 'invalid', value };
  const daysInMonth = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (day > daysInMonth) return { kind: 'invalid', value };
  const start = new Date(`${value}T00:00:00`);
  if (Number.isNaN(start.getTime())) return { kind: 'invalid', value };
  return { kind: 'day', day: value, instant: start.toISOString() };
};

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** A refused value as shown back to the reader: at most 40 characters (an address may carry a very long one). */
export const shownValue = (value: string): string => (value.length > 40 ? `${value.slice(0, 40)}…` : value);
