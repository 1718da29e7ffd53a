// Builds the web registry once before the browser tests (vite, ~3 s): the app serves dist/web at `/`.
// Plain JavaScript: jest runs it before any transform is set up for the project's test files.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async () => {
  await require('../../support/pglite-image').prepare();
  const root = join(__dirname, '..', '..', '..');
  const started = Date.now();
  const codegen = spawnSync('npx', ['graphql-codegen', '--config', 'apps/web/codegen.ts'], { cwd: root, stdio: 'inherit' });
  if (codegen.status !== 0) throw new Error('graphql-codegen for apps/web failed');
  // NODE_ENV is `test` under jest; vite would then bundle React's development build (3x larger, slower).
  const env = { ...process.env, NODE_ENV: 'production' };
  const build = spawnSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env });
  if (build.status !== 0) throw new Error('vite build of apps/web failed');
  process.stderr.write(`\nweb registry built into dist/web in ${Date.now() - started} ms\n`);
};
