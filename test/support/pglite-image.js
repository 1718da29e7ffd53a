/**
 * A PGlite data directory as initdb leaves it, made once per jest run, so that the suites' embedded stores start
 * from it instead of running initdb each time (1.4–2.5 s each on 2 cores, 0.3 s from the image; the suites open a
 * few hundred). Plain JavaScript: it runs in jest's global setup, before any transform.
 *
 * - `prepare()` (global setup, parent process): writes the image (PGlite's own `dumpDataDir`, an uncompressed tar)
 *   into a fresh temporary directory and names it in REGISTRY_TEST_PGLITE_IMAGE, which the workers inherit.
 * - `install()` (setupFiles, each test file): wraps `PGlite.create` so that a store created in memory, or in a
 *   data directory that holds no cluster yet, is loaded from the image (PGlite's `loadDataDir`). A store opened on
 *   an existing cluster, or given its own image, is left alone. REGISTRY_TEST_PGLITE_IMAGE='' turns it off.
 *
 * What the image skips is initdb, which PGlite runs the same way each time; the registry's own migrations, seeding
 * and everything after still run in every store. The CLI and the built app started as child processes do not load
 * this file: they run initdb for real.
 */
const { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ENV = 'REGISTRY_TEST_PGLITE_IMAGE';

async function prepare() {
  if (process.env[ENV] !== undefined) return;
  const { PGlite } = require('@electric-sql/pglite');
  const started = Date.now();
  const db = await PGlite.create({});
  const image = await db.dumpDataDir('none');
  await db.close();
  const dir = mkdtempSync(join(tmpdir(), 'registry-test-pglite-'));
  const file = join(dir, 'initdb.tar');
  writeFileSync(file, Buffer.from(await image.arrayBuffer()));
  process.env[ENV] = file;
  // Registries' data directories after a first start, made by the first e2e suite that needs each (test/e2e/support/registry.ts).
  mkdirSync(join(dir, 'registries'));
  process.env.REGISTRY_TEST_TEMPLATES = join(dir, 'registries');
  prepare.dir = dir;
  process.stderr.write(`\n[pglite] initdb image for the suites' embedded stores: ${file} (${Date.now() - started} ms)\n`);
}

function cleanup() {
  if (prepare.dir) rmSync(prepare.dir, { recursive: true, force: true });
}

function install() {
  const file = process.env[ENV];
  if (!file) return;
  const { PGlite } = require('@electric-sql/pglite');
  if (PGlite.create.fromTestImage) return;
  let image;
  const create = PGlite.create.bind(PGlite);
  const fromImage = (dataDir, options) => {
    if (!options || typeof options !== 'object' || options.loadDataDir) return false;
    if (dataDir === undefined || dataDir === 'memory://') return true;
    return typeof dataDir === 'string' && !dataDir.includes('://') && !existsSync(join(dataDir, 'PG_VERSION'));
  };
  PGlite.create = function createFromTestImage(dataDirOrOptions, maybeOptions) {
    const [dataDir, options] =
      typeof dataDirOrOptions === 'string' ? [dataDirOrOptions, maybeOptions ?? {}] : [dataDirOrOptions?.dataDir, dataDirOrOptions ?? {}];
    if (!fromImage(dataDir, options)) return create(dataDirOrOptions, maybeOptions);
    image ??= new Blob([readFileSync(file)]);
    return create({ ...options, ...(dataDir === undefined ? {} : { dataDir }), loadDataDir: image });
  };
  PGlite.create.fromTestImage = true;
}

module.exports = { prepare, cleanup, install, ENV };
