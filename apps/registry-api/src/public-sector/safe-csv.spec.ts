import { parse } from 'csv-parse/sync';
import { csvRecords } from './safe-csv';

const HOSTILE = [
  'Lands\n=2+2',
  '\r=1',
  'a\r\nb',
  '=HYPERLINK("http://evil.example","x")',
  '+1',
  '-1',
  '@SUM(A1)',
  '\tx',
  '\uFF1D1',
  'a,b',
  'say "hi"',
  'plain',
  '',
];

describe('csvRecords', () => {
  it('quotes CR, LF, quotes and commas, and neutralises formula prefixes (exact bytes)', () => {
    expect(
      csvRecords([
        ['Lands\n=2+2', 'x'],
        ['\r=1', 'y'],
        ['a,b', 'say "hi"'],
        ['=1', '+1', '-1', '@a', '\tb', 'ok'],
      ]),
    ).toBe('"Lands\n=2+2",x\r\n' + '"\'\r=1",y\r\n' + '"a,b","say ""hi"""\r\n' + "'=1,'+1,'-1,'@a,'\tb,ok\r\n");
    expect(csvRecords([['a\nb', '=c']], 'lf')).toBe('"a\nb",\'=c\n');
  });

  it('leaves numbers and empty cells alone', () => {
    expect(csvRecords([[-1, 0.5, null, undefined, '']])).toBe('-1,0.5,,,\r\n');
  });

  it('reads back through csv-parse as the same rows, one row per record, no cell starting a formula', () => {
    for (const lineEnd of ['crlf', 'lf'] as const) {
      const rows = HOSTILE.map((h, i) => [String(i), h, 'end']);
      const back: string[][] = parse(csvRecords(rows, lineEnd), { relax_column_count: false });
      expect(back).toHaveLength(rows.length);
      back.forEach((row, i) => {
        expect(row[0]).toBe(String(i));
        expect(row[2]).toBe('end');
        // What a spreadsheet would read: the value, or the value behind a leading apostrophe when it starts a formula.
        expect(row[1] === HOSTILE[i] || row[1] === `'${HOSTILE[i]}`).toBe(true);
        expect(row[1]).not.toMatch(/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/);
      });
    }
  });
});
