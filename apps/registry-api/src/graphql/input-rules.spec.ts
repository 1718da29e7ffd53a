import 'reflect-metadata';
import { validateSync } from 'class-validator';
import { IsLine, IsMultilineText, IsSingleLine } from './input-rules';

class Sample {
  @IsLine('name', 40) name = 'ok';
  @IsMultilineText('notes', 200) notes = 'ok';
  @IsSingleLine('tags', { each: true, message: 'tags must hold one-line names' }) tags: string[] = [];
}

const problems = (over: Partial<Sample>) =>
  validateSync(Object.assign(new Sample(), over)).map((e) => [e.property, Object.values(e.constraints ?? {}).join('; ')] as const);

const ONE_LINE = 'name must be one line: no line breaks, tabs, other control characters, invisible or direction-changing characters';
const PARAGRAPHS = 'notes must not contain control characters other than line breaks and tabs, nor invisible or direction-changing characters';

describe('single-line and multi-line text rules', () => {
  it.each(['a\nb', 'a\rb', 'a\tb', '\r=1', 'Lands\n=2+2', 'a\u000bb', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u2028b', 'a\u2029b'])(
    'refuses %j in one line, naming the field',
    (name) => {
      expect(problems({ name })).toEqual([['name', ONE_LINE]]);
    },
  );

  const INVISIBLE = [
    ...['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'],
    ...['\u200b', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\ufeff'],
  ];

  it.each(INVISIBLE)('refuses the invisible or direction-changing %j in one line and in paragraphs', (ch) => {
    expect(problems({ name: `Acme${ch}Ltd` })).toEqual([['name', ONE_LINE]]);
    expect(problems({ name: `${ch}Acme Ltd` })).toEqual([['name', ONE_LINE]]);
    expect(problems({ notes: `line one\nAcme${ch}Ltd` })).toEqual([['notes', PARAGRAPHS]]);
    expect(problems({ tags: ['fine', `a${ch}b`] })).toEqual([['tags', 'tags must hold one-line names']]);
  });

  it('accepts the neighbours of the refused ranges (the rule is no wider than it says)', () => {
    for (const name of ['a\u061bb', 'a\u061db', 'a\u200ab', 'a\u2010b', 'a\u2027b', 'a\u202fb', 'a\u2065b', 'a\u206ab', 'a\ufefab'])
      expect(problems({ name })).toEqual([]);
  });

  it('accepts Traditional Chinese, Arabic and Hebrew letters and emoji, ZWNJ/ZWJ spellings and joined emoji, in names and paragraphs', () => {
    for (const text of [
      '香港人工智能認證有限公司',
      'شركة الذكاء الاصطناعي',
      'חברת בינה',
      'Acme 😀 Ltd',
      '地政總署 (Lands) شركة',
      'می\u200cخواهم',
      'क्\u200dष Ltd',
      'Dev 👩\u200d💻 Ltd',
    ])
      expect(problems({ name: text, notes: `${text}\n${text}` })).toEqual([]);
  });

  it('still applies the length and blank rules', () => {
    expect(problems({ name: '   ' })).toEqual([['name', 'name must not be blank']]);
    expect(problems({ name: 'x'.repeat(41) })).toEqual([['name', 'name must be 1 to 40 characters']]);
  });

  it('accepts ordinary one-line text, Unicode included', () => {
    for (const name of ['Lands Department', '地政總署', 'O’Brien & Co.', '=looks like a formula', 'emoji 😀']) expect(problems({ name })).toEqual([]);
  });

  it('keeps line breaks and tabs in multi-line text, refuses other control characters', () => {
    expect(problems({ notes: 'one\ntwo\r\n\tthree' })).toEqual([]);
    for (const notes of ['bell\u0007', 'esc\u001b[31m', 'ff\u000c', 'del\u007f', 'c1\u0085']) expect(problems({ notes })).toEqual([['notes', PARAGRAPHS]]);
  });

  it('checks each name of a list', () => {
    expect(problems({ tags: ['fine', 'Lands\n=2+2'] })).toEqual([['tags', 'tags must hold one-line names']]);
    expect(problems({ tags: ['fine', 'also fine'] })).toEqual([]);
  });
});
