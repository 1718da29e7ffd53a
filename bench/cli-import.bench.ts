/**
 * npm run bench:cli [-- --rows 100000 --raw-rows 5000 --concurrency 8 --store pglite|postgres]
 *
 * `npx registry import certifications` against a running registry (its own process, built with swc as
 * bench:http does, demo catalog), compared with the raw mutation rate over HTTP at the same concurrency:
 *   - raw: `issueCertification` posted straight from this process with `--concurrency` requests in flight
 *     (the CLI's GraphQL client: fetch, keep-alive, retries of lost races; an idempotency key each, no file, no parsing), measured before and after the import
 *     (the log grows by `--rows` in between) and averaged;
 *   - CLI: the real command in a child process on a generated CSV of `--rows` issue rows (file reading and
 *     parsing, row keys, rejects, concurrency bound, process start-up included, no state file);
 *   - re-run: the same command on the first 10,000 rows again, all answered from their idempotency keys.
 * Prints a table and one JSON line. The ratio CLI/raw is the figure: how much the CLI's own work costs.
 */
import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Table from 'cli-table3';
import { Command } from 'commander';
import { loadOrCreateLocalKeys, signToken } from '../apps/registry-api/src/auth/local-keys';
import { createTestDatabase, TestDatabase } from '../test/support/postgres';
import { GraphQLClient } from '../scripts/registry-cli/graphql-client';
import { COLUMNS as IMPORT_COLUMNS } from '../scripts/registry-cli/import-rows';

const opts = new Command('bench:cli')
  .option('--rows <n>', 'rows in the imported file', (v) => Number(v), 100_000)
  .option('--raw-rows <n>', 'raw mutations per raw measurement (two of them)', (v) => Number(v), 5_000)
  .option('--concurrency <n>', 'requests in flight, for both', (v) => Number(v), 8)
  .option('--versions <n>', 'model versions the rows are spread over', (v) => Number(v), 100)
  .option('--store <kind>', 'pglite or postgres', 'pglite')
  .parse()
  .opts<{ rows: number; rawRows: number; concurrency: number; versions: number; store: 'pglite' | 'postgres' }>();

const ROOT = join(__dirname, '..');
const BUILD = join(ROOT, 'node_modules/.cache/bench-cli');
const CERTIFIER = 'hkcb-demo';
/**
 * Rows are spread over `--versions` versions of the demo model: a version's export readiness is judged again from
 * all its certifications whenever one changes, so thousands on one version would measure that judgement, not the
 * import (the same for raw and CLI, but growing with the log in between).
 */
const versionOf = (i: number) => `bench.${i % opts.versions}`;
const digestOf = (version: string) => `sha256:${createHash('sha256').update(`creditscope@${version}`).digest('hex')}`;
const indexOf = (id: string) => Number(id.slice(id.lastIndexOf('-') + 1));
/** The CLI's own columns (its header names), without the reason an issue row does not give nor the optional cited runs. */
const COLUMNS = IMPORT_COLUMNS.filter((c) => c !== 'reason' && c !== 'sandboxRunIds');
const now = Date.now();
const validFrom = new Date(now - 86_400_000).toISOString();
const validUntil = new Date(now + 365 * 86_400_000).toISOString();

const issueInput = (id: string) => ({
  certificationId: id,
  certifierId: CERTIFIER,
  modelId: 'creditscope',
  modelVersion: versionOf(indexOf(id)),
  weightsDigest: digestOf(versionOf(indexOf(id))),
  frameworkVersion: '0.9-draft',
  scope: { useCases: ['lending'], riskTier: 'HIGH' },
  results: [{ requirementId: 'HK-AI-01', result: 'PASS' }],
  auditReportDigest: `sha256:${createHash('sha256').update(id).digest('hex')}`,
  validFrom,
  validUntil,
});
const csvRow = (id: string) =>
  [
    'issue',
    id,
    CERTIFIER,
    'creditscope',
    versionOf(indexOf(id)),
    digestOf(versionOf(indexOf(id))),
    '0.9-draft',
    'lending',
    'HIGH',
    'HK-AI-01=PASS',
    `sha256:${createHash('sha256').update(id).digest('hex')}`,
    validFrom,
    validUntil,
  ].join(',');

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const startRegistry = async (env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> => {
  const port = await freePort();
  const child = spawn(process.execPath, [join(BUILD, 'apps/registry-api/src/main.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_ENABLED: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('registry did not start within 120 s')), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('GraphQL API')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`registry exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/graphql`, child };
};

const ISSUE = `mutation($input: IssueCertificationInput!) { issueCertification(input: $input) { id status version } }`;

/**
 * `count` issueCertification mutations with `concurrency` in flight; rows/s. Through the CLI's GraphQL client (fetch,
 * keep-alive, the same retries of lost races), so the comparison is the CLI's own work: file, parsing, keys, rejects.
 */
const raw = async (url: string, token: string, prefix: string, count: number, concurrency: number): Promise<number> => {
  const client = new GraphQLClient(url, token);
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const id = `${prefix}-${String(i).padStart(6, '0')}`;
        await client.request(ISSUE, { input: { ...issueInput(id), idempotencyKey: `raw:${id}` } });
      }
    }),
  );
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
};

const cli = async (url: string, token: string, file: string, concurrency: number): Promise<{ seconds: number; reported: string }> => {
  const started = process.hrtime.bigint();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'bin/registry.js'), 'import', 'certifications', file, '--no-state', '--no-progress', '--concurrency', String(concurrency)],
    {
      env: { ...process.env, REGISTRY_URL: url, REGISTRY_TOKEN: token },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!/ 0 refused/.test(stdout)) throw new Error(`the import refused rows:\n${stdout}`);
  return { seconds, reported: stdout.trim().split('\n')[0] };
};

(async () => {
  // The repository's .swcrc, with an alias for every library under libs/ (a library newer than .swcrc still resolves).
  const swcrc = JSON.parse(readFileSync(join(ROOT, '.swcrc'), 'utf8'));
  for (const lib of readdirSync(join(ROOT, 'libs'))) {
    swcrc.jsc.paths[`@registry/${lib}`] = [`libs/${lib}/src`];
    swcrc.jsc.paths[`@registry/${lib}/*`] = [`libs/${lib}/src/*`];
  }
  swcrc.jsc.baseUrl = ROOT;
  mkdirSync(BUILD, { recursive: true });
  const config = join(BUILD, '..', 'bench-cli.swcrc');
  writeFileSync(config, JSON.stringify(swcrc));
  execFileSync(
    join(ROOT, 'node_modules/.bin/swc'),
    ['apps', 'libs', '-d', BUILD, '--config-file', config, '--ignore', '**/*.spec.ts,**/*.int-spec.ts,**/testing/**', '--quiet'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'registry-bench-cli-'));
  let database: TestDatabase | undefined;
  let child: ChildProcess | undefined;
  try {
    if (opts.store === 'postgres') database = await createTestDatabase('bench_cli');
    const keyDir = join(dataDir, 'auth');
    const token = await signToken((await loadOrCreateLocalKeys(keyDir)).privateKey, { sub: 'bench-certifier', role: 'CERTIFIER', acting_for: CERTIFIER }, '4h');
    const started = await startRegistry({
      REGISTRY_DATA_DIR: join(dataDir, 'db'),
      AUTH_KEY_DIR: keyDir,
      REGISTRY_SEED_DEMO: '1',
      ...(database ? { DATABASE_URL: database.url } : {}),
    });
    child = started.child;

    const file = join(dataDir, 'rows.csv');
    writeFileSync(file, [COLUMNS.join(','), ...Array.from({ length: opts.rows }, (_, i) => csvRow(`cli-${String(i).padStart(6, '0')}`))].join('\n') + '\n');
    const rerunFile = join(dataDir, 'rerun.csv');
    writeFileSync(
      rerunFile,
      [COLUMNS.join(','), ...Array.from({ length: Math.min(opts.rows, 10_000) }, (_, i) => csvRow(`cli-${String(i).padStart(6, '0')}`))].join('\n') + '\n',
    );

    const owner = await signToken((await loadOrCreateLocalKeys(keyDir)).privateKey, { sub: 'bench-owner', role: 'FIRM', acting_for: 'harbour-lending' }, '4h');
    for (let v = 0; v < opts.versions; v++) {
      const response = await fetch(started.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${owner}` },
        body: JSON.stringify({
          query: `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { id } }`,
          variables: { input: { modelId: 'creditscope', version: versionOf(v), weightsDigest: digestOf(versionOf(v)) } },
        }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(`registerModelVersion: ${JSON.stringify(body.errors)}`);
    }
    await raw(started.url, token, 'warm', 200, opts.concurrency);
    const rawBefore = await raw(started.url, token, 'raw-a', opts.rawRows, opts.concurrency);
    const imported = await cli(started.url, token, file, opts.concurrency);
    const rawAfter = await raw(started.url, token, 'raw-b', opts.rawRows, opts.concurrency);
    const rerun = await cli(started.url, token, rerunFile, opts.concurrency);
    const rawRate = (rawBefore + rawAfter) / 2;
    const cliRate = opts.rows / imported.seconds;
    const rerunRate = Math.min(opts.rows, 10_000) / rerun.seconds;

    const table = new Table({ head: ['measurement', 'rows', 'rows/s', 'vs raw'] });
    table.push(
      ['raw issueCertification over HTTP, before the import', opts.rawRows, rawBefore.toFixed(0), ''],
      ['raw issueCertification over HTTP, after the import', opts.rawRows, rawAfter.toFixed(0), ''],
      [
        `npx registry import certifications (wall clock, ${imported.seconds.toFixed(1)} s)`,
        opts.rows,
        cliRate.toFixed(0),
        `${(cliRate / rawRate).toFixed(2)}x`,
      ],
      [
        `re-run of the first rows, nothing written (${rerun.seconds.toFixed(1)} s)`,
        Math.min(opts.rows, 10_000),
        rerunRate.toFixed(0),
        `${(rerunRate / rawRate).toFixed(2)}x`,
      ],
    );
    console.log(`\nbench:cli on ${opts.store === 'postgres' ? 'PostgreSQL' : 'PGlite'}, concurrency ${opts.concurrency}\n${table.toString()}`);
    console.log(`CLI summary: ${imported.reported}`);
    console.log(
      JSON.stringify({
        store: opts.store,
        concurrency: opts.concurrency,
        rows: opts.rows,
        rawRowsPerSecond: +rawRate.toFixed(1),
        cliRowsPerSecond: +cliRate.toFixed(1),
        ratio: +(cliRate / rawRate).toFixed(3),
        rerunRowsPerSecond: +rerunRate.toFixed(1),
      }),
    );
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
