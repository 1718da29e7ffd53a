import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadOrCreateLocalKeys, signToken } from '../../apps/registry-api/src/auth/local-keys';
import { createTestDatabase } from '../support/postgres';

/**
 * OpenTelemetry traces from the registry as it runs in production: built by SWC (as `npm run build` does) and
 * started as its own process (`node …/main.js`, the Dockerfile's command), so the tracing bootstrap really runs
 * before http, pg and graphql are first required. A small OTLP/HTTP receiver on loopback plays the collector.
 */

const ROOT = join(__dirname, '..', '..');
// Inside the repository (dist/ is ignored by git): the built app finds node_modules and schema/ by walking up.
const BUILD = join(ROOT, 'dist', `tracing-e2e-${randomBytes(4).toString('hex')}`);
const MAIN = join(BUILD, 'apps', 'registry-api', 'src', 'main.js');
const MODULE_REPORT = join(BUILD, 'module-report.js');

// ---- the collector -------------------------------------------------------------------------------------

interface Received {
  path: string;
  contentType: string;
  authorization?: string;
  body: Buffer;
}

/** An OTLP/HTTP receiver: answers 200 (`ok`) or never answers (`hang`, a collector that stalls). */
const startCollector = async (mode: 'ok' | 'hang') => {
  const received: Received[] = [];
  const hung: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        contentType: req.headers['content-type'] ?? '',
        authorization: req.headers.authorization,
        body: Buffer.concat(chunks),
      });
      if (mode === 'hang') hung.push(res);
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        hung.forEach((res) => res.destroy());
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

interface Span {
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number; arrayValue?: { values?: AnyValue[] } };
const valueOf = (v: AnyValue): unknown =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.boolValue ?? v.doubleValue ?? v.arrayValue?.values?.map(valueOf)));
const attributesOf = (list: { key: string; value: AnyValue }[] = []) => Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

/** The spans of OTLP/JSON export requests, flattened. */
const spansOf = (received: Received[]): Span[] =>
  received.flatMap((r) => {
    const body = JSON.parse(r.body.toString()) as {
      resourceSpans: { resource: { attributes: [] }; scopeSpans: { scope: { name: string }; spans: Record<string, any>[] }[] }[];
    };
    return body.resourceSpans.flatMap((rs) =>
      rs.scopeSpans.flatMap((ss) =>
        ss.spans.map((s) => ({
          service: String(attributesOf(rs.resource.attributes)['service.name']),
          scope: ss.scope.name,
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? '',
          name: s.name,
          kind: s.kind,
          attributes: attributesOf(s.attributes),
        })),
      ),
    );
  });

// ---- the registry as a process ---------------------------------------------------------------------------

const freePort = async (): Promise<number> => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
};

interface Registry {
  base: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM, then the exit code, how long the exit took, and the modules the process had loaded. */
  stop: () => Promise<{ code: number | null; ms: number; modules: string[] }>;
}

/** The process's own environment without any OTEL_* variable, so only what a test sets counts. */
const baseEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_') && k !== 'NODE_OPTIONS'));

/**
 * Each process on a fresh PostgreSQL database (the local server, as the other suites use it): it starts in
 * about 3 s where embedded PGlite takes 10 or more on two busy cores.
 */
const startRegistry = async (env: Record<string, string>): Promise<Registry> => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'registry-tracing-'));
  const db = await createTestDatabase('tracing');
  const report = join(dir, 'modules.json');
  const child = spawn(process.execPath, ['--require', MODULE_REPORT, MAIN], {
    cwd: ROOT,
    env: {
      ...baseEnv(),
      DATABASE_URL: db.url,
      REGISTRY_DATA_DIR: dir,
      AUTH_KEY_DIR: join(dir, 'auth'),
      REGISTRY_SEED_DEMO: '0',
      RATE_LIMIT_ENABLED: '0',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      SHUTDOWN_DRAIN: '0',
      HOST: '127.0.0.1',
      PORT: String(port),
      MODULE_REPORT_FILE: report,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await db.drop();
      throw new Error(`the registry ${child.exitCode !== null ? `exited (${child.exitCode})` : 'was not ready within 60 s'} before it was ready:\n${output}`);
    }
    const ready = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    child,
    output: () => output,
    stop: async () => {
      const started = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      const ms = Date.now() - started;
      const modules = JSON.parse(readFileSync(report, 'utf8')) as string[];
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
      return { code, ms, modules };
    },
  };
};

/** The tracing packages (not @opentelemetry/api, a no-op facade prom-client loads for its exemplars). */
const tracingModules = (modules: string[]) =>
  modules.filter((m) => /node_modules\/(@opentelemetry\/(?!api\/)|require-in-the-middle\/|import-in-the-middle\/)/.test(m));

const gql = (base: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  }).then(async (r) => ({ status: r.status, ...((await r.json()) as { data?: any; errors?: unknown[] }) }));

// ---- the tests -------------------------------------------------------------------------------------------

describe('OpenTelemetry traces (the built registry as a process, on PostgreSQL)', () => {
  beforeAll(async () => {
    await promisify(execFile)(
      join(ROOT, 'node_modules', '.bin', 'swc'),
      ['apps/registry-api', 'libs', '-d', BUILD, '--config-file', '.swcrc', '--ignore', '**/*.spec.ts,**/*.int-spec.ts,**/testing/**', '--quiet'],
      { cwd: ROOT },
    );
    // Loaded before main.js (`node --require`): at exit, writes every module the process had required.
    writeFileSync(
      MODULE_REPORT,
      `process.on('exit', () => require('node:fs').writeFileSync(process.env.MODULE_REPORT_FILE, JSON.stringify(Object.keys(require.cache))));\n`,
    );
  });
  afterAll(() => rmSync(BUILD, { recursive: true, force: true }));

  describe('with an OTLP endpoint', () => {
    let collector: Awaited<ReturnType<typeof startCollector>>;
    beforeAll(async () => {
      collector = await startCollector('ok');
    });
    afterAll(() => collector.close());

    it('exports HTTP, GraphQL and pg spans of a mutation and a query, flushed at SIGTERM, without the token or any variable value', async () => {
      const keyDir = mkdtempSync(join(tmpdir(), 'registry-tracing-keys-'));
      const { privateKey } = await loadOrCreateLocalKeys(keyDir);
      const token = await signToken(privateKey, { sub: 'registrar-hk', role: 'REGISTRAR' }, '10m');
      const registry = await startRegistry({
        AUTH_KEY_DIR: keyDir,
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        // Nothing is sent on a schedule during the test: every span below arrives with the flush at SIGTERM.
        OTEL_BSP_SCHEDULE_DELAY: '600000',
      });
      expect(registry.output()).toContain(`Traces: ${collector.url}/v1/traces (OTLP http/json)`);

      const firmId = `trace-${randomBytes(3).toString('hex')}`;
      const secretName = `Secret Name ${randomBytes(6).toString('hex')}`;
      const registered = await gql(
        registry.base,
        `mutation RegisterTracedFirm($input: RegisterFirmInput!) { registerFirm(input: $input) { id name } }`,
        { input: { firmId, name: secretName, jurisdiction: 'HK' } },
        { authorization: `Bearer ${token}` },
      );
      expect(registered).toMatchObject({ status: 200, data: { registerFirm: { id: firmId, name: secretName } } });
      // The caller's trace context is taken up (W3C traceparent).
      const callerTrace = randomBytes(16).toString('hex');
      const callerSpan = randomBytes(8).toString('hex');
      const read = await gql(
        registry.base,
        `query ReadTracedFirm($id: ID!) { firm(id: $id) { id name } }`,
        { id: firmId },
        {
          authorization: `Bearer ${token}`,
          traceparent: `00-${callerTrace}-${callerSpan}-01`,
        },
      );
      expect(read).toMatchObject({ status: 200, data: { firm: { id: firmId, name: secretName } } });
      // A GET carries the query and its variables in the URL.
      const getSecret = `get-secret-${randomBytes(4).toString('hex')}`;
      const viaGet = await fetch(
        `${registry.base}/graphql?query=${encodeURIComponent('query Echo($x: ID!) { firm(id: $x) { id } }')}&variables=${encodeURIComponent(JSON.stringify({ x: getSecret }))}`,
        { headers: { 'apollo-require-preflight': '1', authorization: `Bearer ${token}` } },
      );
      expect(viaGet.status).toBe(200);
      expect(collector.received).toEqual([]);

      const { code, modules } = await registry.stop();
      expect(code).toBe(0);
      // The check the tracing-off tests rely on can see the SDK when it is there.
      expect(tracingModules(modules).some((m) => m.includes('@opentelemetry/sdk-trace-node/'))).toBe(true);

      expect(collector.received.length).toBeGreaterThan(0);
      expect(collector.received.every((r) => r.path === '/v1/traces' && r.contentType.startsWith('application/json'))).toBe(true);
      const spans = spansOf(collector.received);
      expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['hk-ai-registry']));

      // One HTTP server span per request, named by method and route.
      const servers = spans.filter((s) => s.scope === '@opentelemetry/instrumentation-http' && s.kind === 2);
      const posts = servers.filter((s) => s.name === 'POST /graphql');
      expect(posts).toHaveLength(2);
      for (const post of posts)
        expect(post.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/graphql', 'http.response.status_code': 200 });
      const get = servers.find((s) => s.name === 'GET /graphql')!;
      expect(get.attributes['url.query']).toBe('query=REDACTED&variables=REDACTED');
      // The exporter's own requests are not traced.
      expect(spans.filter((s) => s.scope === '@opentelemetry/instrumentation-http' && s.kind !== 2)).toEqual([]);

      // GraphQL: the operation spans name the operation and sit in the request's trace.
      const mutation = spans.find((s) => s.name === 'mutation RegisterTracedFirm')!;
      const query = spans.find((s) => s.name === 'query ReadTracedFirm')!;
      expect(mutation.attributes).toMatchObject({ 'graphql.operation.type': 'mutation', 'graphql.operation.name': 'RegisterTracedFirm' });
      expect(query.attributes).toMatchObject({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'ReadTracedFirm' });
      const mutationPost = posts.find((p) => p.traceId === mutation.traceId)!;
      expect(mutationPost).toBeDefined();
      const queryPost = posts.find((p) => p.traceId === query.traceId)!;
      expect(queryPost).toMatchObject({ traceId: callerTrace, parentSpanId: callerSpan });

      // pg: the mutation's statements (the append among them) in the mutation's trace, the query's in its own.
      const pg = spans.filter((s) => s.scope === '@opentelemetry/instrumentation-pg');
      const mutationStatements = pg.filter((s) => s.traceId === mutation.traceId && s.attributes['db.system.name'] === 'postgresql');
      expect(mutationStatements.some((s) => /INSERT INTO es_events/i.test(String(s.attributes['db.query.text'])))).toBe(true);
      expect(pg.some((s) => s.traceId === query.traceId)).toBe(true);
      // Only statements inside a request: none from the projections' polling (no root pg span).
      expect(pg.every((s) => s.parentSpanId !== '')).toBe(true);

      // Nothing that left the process holds the bearer token, a variable value or the token's signature.
      const everything = collector.received.map((r) => r.body.toString()).join('\n');
      for (const secret of [token, token.split('.')[2], secretName, getSecret, 'Bearer']) expect(everything).not.toContain(secret);
      expect(Object.keys(Object.assign({}, ...spans.map((s) => s.attributes)) as object).filter((k) => /header|variables|authorization/i.test(k))).toEqual([]);
      rmSync(keyDir, { recursive: true, force: true });
    });
  });

  describe('without an exporter', () => {
    it('loads no tracing package and exports nothing: no OTEL_* variable, or OTEL_SDK_DISABLED, or OTEL_TRACES_EXPORTER=none', async () => {
      const collector = await startCollector('ok');
      try {
        // Three processes at once: each start is mostly waiting.
        const registries = await Promise.all([
          startRegistry({}),
          startRegistry({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SDK_DISABLED: 'true', OTEL_BSP_SCHEDULE_DELAY: '100' }),
          startRegistry({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_TRACES_EXPORTER: 'none', OTEL_BSP_SCHEDULE_DELAY: '100' }),
        ]);
        for (const registry of registries) {
          expect(await gql(registry.base, 'query Probe($id: ID!) { firm(id: $id) { id } }', { id: 'nobody' })).toMatchObject({ status: 200 });
          expect(registry.output()).not.toContain('Traces:');
        }
        for (const registry of registries) {
          const { code, modules } = await registry.stop();
          expect(code).toBe(0);
          expect(modules.length).toBeGreaterThan(500);
          expect(tracingModules(modules)).toEqual([]);
        }
        expect(collector.received).toEqual([]);
      } finally {
        await collector.close();
      }
    });

    it('refuses an invalid endpoint at start-up with one line naming the variable, and loads nothing for it', async () => {
      const started = Date.now();
      const dir = mkdtempSync(join(tmpdir(), 'registry-tracing-'));
      const report = join(dir, 'modules.json');
      const run = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, ['--require', MODULE_REPORT, MAIN], {
          cwd: ROOT,
          env: {
            MODULE_REPORT_FILE: report,
            ...baseEnv(),
            REGISTRY_IN_MEMORY: '1',
            REGISTRY_DATA_DIR: dir,
            OTEL_EXPORTER_OTLP_ENDPOINT: 'https://user:hunter2@',
            LOG_LEVEL: 'warn',
          },
        });
        let stderr = '';
        let stdout = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.once('exit', (code) => resolve({ code, stderr, stdout }));
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        'registry: configuration error: OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL of an OTLP/HTTP collector such as http://127.0.0.1:4318, got "https://***@"\n',
      );
      expect(run.stdout).toBe('');
      expect(Date.now() - started).toBeLessThan(45_000);
      // tracing.ts saw the bad value and started nothing; loadConfig then named it.
      expect(tracingModules(JSON.parse(readFileSync(report, 'utf8')) as string[])).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
    });
  });

  describe('with a collector that is down or stalls', () => {
    it('keeps answering, logs failed exports by their code only, and still exits promptly on SIGTERM', async () => {
      const stalled = await startCollector('hang');
      const downPort = await freePort();
      try {
        const [hanging, refused] = await Promise.all([
          startRegistry({
            // Longer than the test: only the shutdown's own limit ends the last export.
            OTEL_EXPORTER_OTLP_ENDPOINT: stalled.url,
            OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer header-secret-2',
            OTEL_EXPORTER_OTLP_TIMEOUT: '60000',
            OTEL_BSP_SCHEDULE_DELAY: '50',
          }),
          startRegistry({
            // Credentials in the URL and in the headers: neither may show in the log.
            OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://trace-user:url-secret-1@127.0.0.1:${downPort}/v1/traces`,
            OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer header-secret-3',
            OTEL_EXPORTER_OTLP_TIMEOUT: '1500',
            OTEL_BSP_SCHEDULE_DELAY: '50',
          }),
        ]);
        for (const registry of [hanging, refused])
          for (let i = 0; i < 3; i++) expect(await gql(registry.base, '{ __typename }', {})).toMatchObject({ status: 200, data: { __typename: 'Query' } });

        // The stalled collector holds an export (OTLP protobuf, the default protocol, with the configured header)
        // while the registry answers on.
        const until = async (done: () => boolean) => {
          const deadline = Date.now() + 15_000;
          while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        };
        await until(() => stalled.received.length > 0);
        expect(stalled.received[0]).toMatchObject({ path: '/v1/traces', contentType: 'application/x-protobuf', authorization: 'Bearer header-secret-2' });
        expect(stalled.received[0].body.includes('hk-ai-registry')).toBe(true);
        expect(await gql(hanging.base, '{ __typename }', {})).toMatchObject({ status: 200 });
        const hangingStop = await hanging.stop();
        expect(hangingStop.code).toBe(0);
        // Drain 0 s, then the final flush gives up after 3 s (the exporter itself would wait 60 s); the rest is
        // closing the app, slower on a busy machine: the bound only has to tell 3 s from the exporter's own 60 s.
        expect(hangingStop.ms).toBeLessThan(30_000);

        // The refused exports are logged: one JSON line through the app's logger, a code and a count.
        await until(() => refused.output().includes('trace export failed'));
        expect(await gql(refused.base, '{ __typename }', {})).toMatchObject({ status: 200 });
        const refusedStop = await refused.stop();
        expect(refusedStop.code).toBe(0);
        const lines = refused
          .output()
          .split('\n')
          .filter((line) => line.includes('trace export failed'));
        expect(lines).toHaveLength(1);
        const logged = JSON.parse(lines[0]) as Record<string, unknown>;
        expect(logged).toMatchObject({ level: 40, code: 'ECONNREFUSED', msg: 'trace export failed: the spans of the failed exports are dropped' });
        expect(logged.failedExports).toBeGreaterThanOrEqual(1);
        for (const output of [hanging.output(), refused.output()])
          for (const secret of ['url-secret-1', 'header-secret-2', 'header-secret-3', 'trace-user']) expect(output).not.toContain(secret);
      } finally {
        await stalled.close();
      }
    });
  });
});
