import { stringify } from 'csv-stringify/sync';

/** One cell: text, a number, or nothing (an empty cell). */
export type CsvCell = string | number | null | undefined;

/**
 * The registry's one way to write CSV (the public-sector baseline, the CLI's export and rejects files): RFC 4180
 * through csv-stringify, with two options that its defaults get wrong for text we do not control.
 *
 * - `quote_record_delimiter: true`. csv-stringify quotes a field holding a lone LF or CR only while the record
 *   delimiter is its default: with `record_delimiter: 'windows'` it quoted CRLF alone, so a bureau named
 *   `Lands\n=2+2` was written bare and began a new row, its first cell a formula. Now every field holding CR, LF,
 *   a quote or the delimiter is quoted.
 * - `escape_formulas: true`. A text cell starting with `=`, `+`, `-`, `@`, TAB or CR (or their full-width forms)
 *   is run as a formula by Excel, LibreOffice and Google Sheets; it is written with a leading `'` (OWASP's
 *   advice), so it reads as text. Numbers are left alone: -1 stays a number.
 *
 * The leading `'` is a change to the value: a program reading the file back sees it. That is the price of a file
 * that is safe to open in a spreadsheet; the JSON forms carry the values unchanged.
 */
export const csvRecords = (rows: readonly (readonly CsvCell[])[], lineEnd: 'crlf' | 'lf' = 'crlf'): string =>
  stringify(
    rows.map((r) => r.map((cell) => (cell === undefined ? null : cell))),
    { record_delimiter: lineEnd === 'crlf' ? 'windows' : 'unix', quote_record_delimiter: true, escape_formulas: true },
  );
