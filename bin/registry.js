#!/usr/bin/env node
'use strict';
// `npx registry …` without a build: runs the TypeScript CLI (scripts/registry-cli.ts) through tsx, a devDependency
// that `npm ci` installs, with the repository's tsconfig so the @registry/* aliases resolve from any directory.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
let tsx;
try {
  tsx = require.resolve('tsx/cli', { paths: [root] });
} catch {
  process.stderr.write('registry: tsx is not installed; run `npm ci` in the repository first.\n');
  process.exit(2);
}
const result = spawnSync(
  process.execPath,
  [tsx, '--tsconfig', path.join(root, 'tsconfig.json'), path.join(root, 'scripts', 'registry-cli.ts'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
if (result.error) {
  process.stderr.write(`registry: ${result.error.message}\n`);
  process.exit(2);
}
process.exit(result.status ?? 1);
