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

describe('single-line and multi-line text rules', () => {
  it.each(['a\nb', 'a\rb', 'a\tb', '\r=1', 'Lands\n=2+2', 'a\u000bb', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u2028b', 'a\u2029b'])(
    'refuses %j in one line, naming the field',
    (name) => {
      expect(problems({ name })).toEqual([['name', 'name must be one line: no line breaks, tabs or other control characters']]);
    },
  );

  it('still applies the length and blank rules', () => {
    expect(problems({ name: '   ' })).toEqual([['name', 'name must not be blank']]);
    expect(problems({ name: 'x'.repeat(41) })).toEqual([['name', 'name must be 1 to 40 characters']]);
  });

  it('accepts ordinary one-line text, Unicode included', () => {
    for (const name of ['Lands Department', '地政總署', 'O’Brien & Co.', '=looks like a formula', 'emoji 😀']) expect(problems({ name })).toEqual([]);
  });

  it('keeps line breaks and tabs in multi-line text, refuses other control characters', () => {
    expect(problems({ notes: 'one\ntwo\r\n\tthree' })).toEqual([]);
    for (const notes of ['bell\u0007', 'esc\u001b[31m', 'ff\u000c', 'del\u007f', 'c1\u0085'])
      expect(problems({ notes })).toEqual([['notes', 'notes must not contain control characters other than line breaks and tabs']]);
  });

  it('checks each name of a list', () => {
    expect(problems({ tags: ['fine', 'Lands\n=2+2'] })).toEqual([['tags', 'tags must hold one-line names']]);
    expect(problems({ tags: ['fine', 'also fine'] })).toEqual([]);
  });
});
