import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The layering rules of docs/architecture.md, checked on every test run (our lint rule for them):
 * deciders and the kernel are pure (no framework, no database, no clock, no randomness); the store and
 * projection libraries know no framework; nothing in libs/ reaches into apps/.
 */
const ROOT = join(__dirname, '../..');

const sourcesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sourcesUnder(path);
    return path.endsWith('.ts') && !/\.(spec|int-spec)\.ts$/.test(path) && !path.includes('/testing/') ? [path] : [];
  });

const importsOf = (source: string) => [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);

const violations = (dir: string, forbiddenImports: RegExp, forbiddenCode?: RegExp) =>
  sourcesUnder(join(ROOT, dir)).flatMap((file) => {
    const source = readFileSync(file, 'utf8');
    const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const where = relative(ROOT, file);
    return [
      ...importsOf(source)
        .filter((i) => forbiddenImports.test(i))
        .map((i) => `${where} imports ${i}`),
      ...(forbiddenCode ? [...code.matchAll(new RegExp(forbiddenCode, 'g'))].map((m) => `${where} uses ${m[0]}`) : []),
    ];
  });

describe('layering', () => {
  it('keeps deciders and the kernel pure: no Nest, no database, no store, no clock, no random ids', () => {
    const impure = /new Date\(\s*\)|Date\.now\(|Math\.random\(|randomUUID\(|process\.env/;
    const outside = /^@nestjs\/|^pg$|^@electric-sql\/|^@registry\/(event-store|projections|contract)|^node:|\/apps\//;
    expect([...violations('libs/domain/src', outside, impure), ...violations('libs/kernel/src', outside, impure)]).toEqual([]);
  });

  it('keeps the event store and projections free of Nest and of the app', () => {
    const forbidden = /^@nestjs\/|\/apps\/|^@registry\/(domain|contract)/;
    expect([...violations('libs/event-store/src', forbidden), ...violations('libs/projections/src', forbidden)]).toEqual([]);
  });

  it('catches a violation when one is there (the check itself can fail)', () => {
    const found = [..."import { Injectable } from '@nestjs/common';".matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    expect(found.filter((i) => /^@nestjs\//.test(i))).toEqual(['@nestjs/common']);
  });
});
