/**
 * npm run bench:http [-- --seconds 4 --connections 8]
 *
 * The GraphQL API over HTTP on loopback, with autocannon, on PGlite and on PostgreSQL (demo catalog):
 *   - throughput and p99 of `exportReadiness`, `exportReadyModels` and `certification`, each against a
 *     trivial query (`status { eventCount }`, one read) on the same server, as a ratio;
 *   - the trivial query's p99 at a steady 50 requests/s alone, then while the attack documents (and
 *     the repeated-field one) are sent as fast as 4 connections allow: the query limits must refuse them
 *     cheaply enough that the trivial query barely notices.
 * The registry runs in its own process (built with swc into node_modules/.cache, as `npm run build` does into
 * dist/), so the load generator does not share its event loop. Every run is bounded in time and in requests.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { Result } from 'autocannon';
import Table from 'cli-table3';
import { Command } from 'commander';
import { loadOrCreateLocalKeys, signToken } from '../apps/registry-api/src/auth/local-keys';
import { createTestDatabase, TestDatabase } from '../test/support/postgres';

const opts = new Command('bench:http')
  .option('--seconds <n>', 'seconds per measurement', (v) => Number(v), 4)
  .option('--connections <n>', 'concurrent connections for throughput', (v) => Number(v), 8)
  .option('--stores <list>', 'pglite,postgres', (v) => v.split(','), ['pglite', 'postgres'])
  .parse()
  .opts<{ seconds: number; connections: number; stores: string[] }>();

const ROOT = join(__dirname, '..');
const BUILD = join(ROOT, 'node_modules/.cache/bench-http');

const TRIVIAL = `{ status { eventCount } }`;
const QUERIES: Record<string, string> = {
  exportReadiness: `{ exportReadiness(input: { modelId: "pearl-chat", version: "1.0", jurisdiction: "EU", useCase: "chatbot" }) {
    status computedAt validUntil lines { requirement { requirementId title } status reason via { equivalenceId hkRequirementId } } } }`,
  exportReadyModels: `{ exportReadyModels(jurisdiction: "EU", useCase: "chatbot", first: 20) { totalCount edges { node { modelId version status } } } }`,
  certification: `{ certification(id: "pearl-chat-1-0-hkai") { id status modelVersion validUntil certifier { id name } history { type } } }`,
  [`trivial ${TRIVIAL}`]: TRIVIAL,
  'no read { __typename }': `{ __typename }`,
};
/** The attacks (refused by the token limit) and ~500 repeated fields (refused by the field limit). */
const ATTACKS = [
  `{ ${Array.from({ length: 200 }, (_, i) => `m${i}: model(id: "pearl-chat") { versions { certifications { history { type } certifier { history { type } } } } }`).join(' ')} }`,
  `{ ${Array.from({ length: 1000 }, (_, i) => `r${i}: exportReadyModels(first: 100, jurisdiction: "EU", useCase: "chatbot") { totalCount }`).join(' ')} }`,
  `{ ${'status { eventCount } '.repeat(499)}}`,
];
const LATENCY_RATE = 50;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** Starts the built registry and resolves once it prints its address (the demo catalog is loaded by then). */
const startRegistry = async (env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> => {
  const port = await freePort();
  const child = spawn(process.execPath, [join(BUILD, 'apps/registry-api/src/main.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_AUTHENTICATED: '100000000' },
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

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** Benign clients authenticate (their own bucket per subject); the attacks come anonymously, from one address. */
let bearer = '';
const post = (query: string) => ({
  method: 'POST' as const,
  headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
  body: JSON.stringify({ query }),
});

const run = (options: autocannon.Options): Promise<Result> =>
  new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });

/** Checks the answer once before timing it: a bench of errors would be fast and meaningless. */
const check = async (url: string, query: string, expectStatus: number) => {
  const response = await fetch(url, post(query));
  const body = (await response.json()) as { errors?: { message: string }[] };
  if (response.status !== expectStatus || (expectStatus === 200 && body.errors)) {
    throw new Error(`${query.slice(0, 60)}: HTTP ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  }
};

const non2xxOrErrors = (r: Result) => r.non2xx + r.errors + r.timeouts;

interface StoreResult {
  store: string;
  throughput: { name: string; rps: number; p99: number; failed: number }[];
  alone: Result;
  underAttack: Result;
  attacks: Result;
}

const measure = async (store: string, url: string): Promise<StoreResult> => {
  const seconds = opts.seconds;
  // Bounded in requests too: a fast run stops at 5,000 requests a second's worth.
  const bounded = (query: string): autocannon.Options => ({
    url,
    ...post(query),
    connections: opts.connections,
    duration: seconds,
    maxOverallRequests: 5000 * seconds,
  });
  for (const query of Object.values(QUERIES)) await check(url, query, 200);
  for (const attack of ATTACKS) await check(url, attack, 400);
  await run({ ...bounded(TRIVIAL), duration: 1 }); // warm-up: JIT, connections, plans

  const throughput: StoreResult['throughput'] = [];
  for (const [name, query] of Object.entries(QUERIES)) {
    const r = await run(bounded(query));
    throughput.push({ name, rps: r.requests.average, p99: r.latency.p99, failed: non2xxOrErrors(r) });
  }

  // Latency at a steady rate, far below saturation: the p99 is the query's own, not a queue's.
  const latency = (): autocannon.Options => ({
    url,
    ...post(TRIVIAL),
    connections: 2,
    overallRate: LATENCY_RATE,
    duration: seconds,
    maxOverallRequests: LATENCY_RATE * seconds + 10,
  });
  const alone = await run(latency());
  let turn = 0;
  const [underAttack, attacks] = await Promise.all([
    run(latency()),
    run({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      connections: 4,
      duration: seconds,
      maxOverallRequests: 2000 * seconds,
      // autocannon sends each request's own body; the three attacks take turns.
      requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: ATTACKS[turn++ % ATTACKS.length] }) }) }],
    }),
  ]);
  return { store, throughput, alone, underAttack, attacks };
};

const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;

const print = (r: StoreResult) => {
  const trivial = r.throughput.find((t) => t.name.startsWith('trivial'))!;
  const table = new Table({
    style: { head: [], border: [] },
    head: [`${r.store}: query (${opts.connections} connections, ${opts.seconds} s)`, 'requests/s', 'p99', 'rps / trivial', 'failed'],
  });
  for (const t of r.throughput) table.push([t.name, t.rps.toFixed(0), ms(t.p99), `${(t.rps / trivial.rps).toFixed(2)}×`, t.failed]);
  console.log(table.toString());
  const attack = new Table({
    style: { head: [], border: [] },
    head: [`${r.store}: trivial at ${LATENCY_RATE} req/s`, 'p50', 'p99', 'max', 'p99 / alone', 'attacks refused (4 connections)'],
  });
  attack.push(['alone', ms(r.alone.latency.p50), ms(r.alone.latency.p99), ms(r.alone.latency.max), '1×', '']);
  attack.push([
    'while attacks are sent',
    ms(r.underAttack.latency.p50),
    ms(r.underAttack.latency.p99),
    ms(r.underAttack.latency.max),
    `${(r.underAttack.latency.p99 / r.alone.latency.p99).toFixed(2)}×`,
    `${r.attacks.requests.total} (${r.attacks.requests.average.toFixed(0)}/s, HTTP 4xx (400 refused, 429 over the rate): ${r.attacks['4xx']}, p99 ${ms(r.attacks.latency.p99)})`,
  ]);
  console.log(attack.toString());
  const readiness = r.throughput.find((t) => t.name === 'exportReadiness')!;
  console.log(
    `goals: exportReadiness ≥ 0.7× trivial rps: ${(readiness.rps / trivial.rps).toFixed(2)}× ${readiness.rps / trivial.rps >= 0.7 ? 'met' : 'NOT met'}; ` +
      `trivial p99 under attack ≤ 2× alone: ${(r.underAttack.latency.p99 / r.alone.latency.p99).toFixed(2)}× ${r.underAttack.latency.p99 <= 2 * r.alone.latency.p99 ? 'met' : 'NOT met'}\n`,
  );
};

(async () => {
  // The same compilation as `npm run build`, into a cache folder so dist/ is left alone.
  execFileSync(
    join(ROOT, 'node_modules/.bin/swc'),
    ['apps', 'libs', '-d', BUILD, '--config-file', '.swcrc', '--ignore', '**/*.spec.ts,**/*.int-spec.ts,**/testing/**', '--quiet'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  for (const store of opts.stores) {
    const dataDir = mkdtempSync(join(tmpdir(), 'registry-bench-http-'));
    let database: TestDatabase | undefined;
    let child: ChildProcess | undefined;
    try {
      if (store === 'postgres') database = await createTestDatabase('bench_http');
      const keyDir = join(dataDir, 'auth');
      const env: NodeJS.ProcessEnv = {
        REGISTRY_DATA_DIR: dataDir,
        AUTH_KEY_DIR: keyDir,
        REGISTRY_SEED_DEMO: '1',
        ...(database ? { DATABASE_URL: database.url } : {}),
      };
      // The anonymous limit stays at its default: the attacks meet the registry as configured.
      bearer = await signToken((await loadOrCreateLocalKeys(keyDir)).privateKey, { sub: 'bench-reader', role: 'REGISTRAR' }, '1h');
      const started = await startRegistry(env);
      child = started.child;
      print(await measure(store === 'postgres' ? 'PostgreSQL' : 'PGlite', started.url));
    } finally {
      if (child) await stop(child);
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
