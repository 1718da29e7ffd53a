'use strict';
/**
 * A require hook that compiles the application's TypeScript with SWC and the repository's .swcrc, as `npm run
 * build` and jest do: with decorator metadata, which Nest's dependency injection needs and tsx (esbuild) does not
 * emit. Used by `registry rebuild`, which boots the application's modules without building dist/ first:
 *   node -r ./scripts/registry-cli/swc-register.js scripts/registry-cli/rebuild-main.ts <projection>
 */
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.join(__dirname, '..', '..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
// Every library under libs/ resolves, also one newer than .swcrc's alias list; paths are resolved from the root.
for (const lib of fs.readdirSync(path.join(root, 'libs'))) {
  swcrc.jsc.paths[`@registry/${lib}`] = [`libs/${lib}/src`];
  swcrc.jsc.paths[`@registry/${lib}/*`] = [`libs/${lib}/src/*`];
}
swcrc.jsc.baseUrl = root;
swcrc.sourceMaps = 'inline';

const loadJs = Module._extensions['.js'];
Module._extensions['.ts'] = function compileTypeScript(module, filename) {
  if (filename.includes(`${path.sep}node_modules${path.sep}`)) return loadJs(module, filename);
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcrc, filename, swcrc: false, configFile: false });
  module._compile(code, filename);
};
