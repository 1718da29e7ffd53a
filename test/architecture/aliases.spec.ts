import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The `@registry/*` aliases are declared three times: tsconfig.json (tsc and tsx), .swcrc (`npm run build`, what
 * `npm start` runs) and jest.config.js (tests). An alias missing from .swcrc type-checks and passes every test,
 * then `npm start` dies with "Cannot find module": this keeps the three in step.
 */
const root = join(__dirname, '..', '..');
const normalise = (paths: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(paths).map(([alias, [target]]) => [alias, target.replace(/^\.\//, '')]));

describe('module aliases', () => {
  const tsconfigPaths = normalise(JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')).compilerOptions.paths);
  const swcPaths = normalise(JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8')).jsc.paths);

  it('the build (.swcrc) resolves every alias tsconfig.json declares, to the same place', () => {
    expect(swcPaths).toEqual(tsconfigPaths);
  });

  it("jest's moduleNameMapper covers every library alias", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require(join(root, 'jest.config.js')) as { projects: { moduleNameMapper: Record<string, string> }[] };
    const mappers = config.projects.map((p) => Object.entries(p.moduleNameMapper));
    for (const alias of Object.keys(tsconfigPaths).filter((a) => !a.endsWith('/*'))) {
      const lib = alias.replace('@registry/', '');
      for (const mapper of mappers) {
        const hit = mapper.find(([pattern]) => new RegExp(pattern).test(alias));
        expect(hit && hit[1].replace('$1', lib)).toBe(`<rootDir>/libs/${lib}/src`);
      }
    }
  });
});
