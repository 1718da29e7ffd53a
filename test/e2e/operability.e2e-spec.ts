/**
 * Issue 9, section 4 ("Operable"), over HTTP: health probes, Prometheus metrics, one request log line per
 * request with its correlation id, the development landing page, GET queries and Apollo's CSRF prevention,
 * CORS. Everything the app logs through pino is captured (the logging config's `logDestination`).
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { ProjectionRunner } from '@registry/projections';
import { GracefulShutdown } from '../../apps/registry-api/src/infrastructure/graceful-shutdown';
import { ReadinessReadModel } from '../../apps/registry-api/src/verdicts/readiness.read-model';
import { MAX_OPERATION_NAMES } from '../../apps/registry-api/src/operations/metrics';
import { errorCodes, RunningRegistry } from './support/registry';

const mockLogLines: string[] = [];
jest.mock('../../apps/registry-api/src/main', () => {
  const actual = jest.requireActual('../../apps/registry-api/src/main');
  return {
    ...actual,
    createRegistryApp: (config: object) => actual.createRegistryApp({ ...config, logDestination: { write: (line: string) => void mockLogLines.push(line) } }),
  };
});

// nestjs-pino keeps one root logger per process (here: per test file), made by the first app: every registry
// below logs at info into mockLogLines.
const BASE_ENV = { LOG_LEVEL: 'info' };

const base = (registry: RunningRegistry) => registry.url.replace(/\/graphql$/, '');
const get = (registry: RunningRegistry, path: string, headers: Record<string, string> = {}) => fetch(base(registry) + path, { headers });
const json = async (response: Response) => ({ status: response.status, headers: response.headers, body: (await response.json()) as any });

const FIRM_ID = 'ops-firm';
const FIRM_LOOKUP = `query FirmLookup { firm(id: "${FIRM_ID}") { id name } }`;
const REGISTER = `mutation RegisterFirm($input: RegisterFirmInput!) { registerFirm(input: $input) { id history { correlationId } } }`;

/** The value of one series in Prometheus' text format, matched by name and a subset of its labels. */
const series = (text: string, name: string, labels: Record<string, string> = {}): number | undefined => {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[3] ?? '').matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[4]);
  }
  return undefined;
};
const labelValues = (text: string, name: string, label: string) =>
  new Set([...text.matchAll(new RegExp(`^${name}\\{[^}]*${label}="([^"]*)"`, 'gm'))].map((m) => m[1]));

const scrape = async (registry: RunningRegistry) => {
  const response = await get(registry, '/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
};

/** The request lines (not Nest's own lines) logged with this correlation id. */
const requestLines = (correlationId: string) =>
  mockLogLines
    .filter((line) => line.includes(correlationId))
    .map((line) => JSON.parse(line) as Record<string, any>)
    .filter((entry) => entry.correlationId === correlationId && entry.res?.statusCode !== undefined);

/** pino writes the request line once the answer is sent: give it a tick. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

const until = async (condition: () => boolean, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** A graphql-transport-ws connection by hand: connection_init with `token`, then subscribe messages by id. */
const wsConnection = async (registry: RunningRegistry, options: { token?: string; headers?: Record<string, string> } = {}) => {
  const ws = new WebSocket(registry.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers: options.headers ?? {} });
  const messages: { id?: string; type: string; payload?: any }[] = [];
  const closes: number[] = [];
  ws.on('message', (data) => messages.push(JSON.parse((data as Buffer).toString())));
  ws.on('close', (code) => closes.push(code));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
  });
  ws.send(JSON.stringify({ type: 'connection_init', payload: options.token ? { authorization: `Bearer ${options.token}` } : {} }));
  await until(() => messages.some((m) => m.type === 'connection_ack') || closes.length > 0);
  return {
    ws,
    closes,
    messages,
    send: (id: string, query: string) => ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query } })),
  };
};

/** The WebSocket lines of the request log (one per upgrade, written when its socket closes). */
const websocketLines = () => mockLogLines.map((line) => JSON.parse(line) as Record<string, any>).filter((entry) => entry.websocket !== undefined);

describe('operability: a development registry', () => {
  let registry: RunningRegistry;
  let registrar: string;

  beforeAll(async () => {
    registry = await RunningRegistry.start({ env: { ...BASE_ENV, NODE_ENV: 'development' } });
    registrar = await registry.token('REGISTRAR', 'registrar-hk');
    expect((await registry.gql(REGISTER, { input: { firmId: FIRM_ID, name: 'Ops Ltd', jurisdiction: 'HK' } }, registrar)).data.registerFirm.id).toBe(FIRM_ID);
    // The mutation waited for the awaited read models only; the transparency tree applies it in the background.
    await registry.app.get(ProjectionRunner).catchUp();
  });
  afterAll(() => registry?.stop());

  it('GET /health/live: 200 in terminus format', async () => {
    const live = await json(await get(registry, '/health/live'));
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'ok', info: { process: { status: 'up' } }, error: {} });
    expect(live.headers.get('cache-control')).toContain('no-store');
  });

  it('GET /health/ready: 200 with the store, projections, export-readiness model and shutdown checks up', async () => {
    const ready = await json(await get(registry, '/health/ready'));
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
    expect(Object.keys(ready.body.details).sort()).toEqual(['exportReadiness', 'projections', 'shutdown', 'store']);
    expect(ready.body.details.store).toMatchObject({ status: 'up', head: expect.stringMatching(/^\d+\.\d+$/) });
    const lag = ready.body.details.projections.lag as Record<string, { lagEvents: number }>;
    // Every feature module's read model is registered with the runner (discovered, not listed in CoreModule).
    expect(Object.keys(lag)).toEqual(
      expect.arrayContaining(['firms', 'certifications', 'credential-status', 'transparency-tree', 'public-sector', 'sandbox-open-runs']),
    );
    for (const p of Object.values(lag)) expect(p.lagEvents).toBe(0);
    expect(ready.body.details.exportReadiness).toMatchObject({ status: 'up', consecutiveFailures: 0 });
  });

  it('GET /health/ready: 503 while the export-readiness read model is failing, 200 again once its retry succeeds', async () => {
    const model = registry.app.get(ReadinessReadModel);
    const update = jest
      .spyOn(model as unknown as { update(): Promise<void> }, 'update')
      .mockRejectedValueOnce(Object.assign(new Error('connection lost'), { code: '08006' }));
    await model.refresh().catch(() => undefined);
    const failing = await json(await get(registry, '/health/ready'));
    expect(failing.status).toBe(503);
    expect(failing.body).toMatchObject({ status: 'error', error: { exportReadiness: { status: 'down', consecutiveFailures: 1 } } });
    expect(failing.body.error.exportReadiness.message).toContain('08006');
    expect(series(await scrape(registry), 'registry_readiness_consecutive_failures')).toBe(1);
    // The model retries on its own (250 ms backoff at first), with the real update this time.
    const deadline = Date.now() + 5000;
    let status = 503;
    while (status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await get(registry, '/health/ready')).status;
    }
    expect(status).toBe(200);
    update.mockRestore();
  });

  it('/metrics: latency and errors per operation and reason, appends, projections, readiness queue and process metrics', async () => {
    const before = await scrape(registry);
    const appendsBefore = series(before, 'registry_event_store_appends_total')!;
    expect(appendsBefore).toBeGreaterThan(0);

    expect((await registry.gql(FIRM_LOOKUP)).data.firm.id).toBe(FIRM_ID);
    expect((await registry.gql(FIRM_LOOKUP)).status).toBe(200);
    await registry.gql(`{ firm(id: "${FIRM_ID}") { id } }`);
    const input = { firmId: `ops-${randomUUID().slice(0, 8)}`, name: 'Ops Ltd', jurisdiction: 'HK' };
    expect((await registry.gql(REGISTER, { input }, registrar)).data.registerFirm.id).toBe(input.firmId);
    // Refused: anonymous, then already registered. Neither appends.
    await registry.refused(() => registry.gql(REGISTER, { input }), 'UNAUTHENTICATED/AUTH.REQUIRED');
    await registry.refused(() => registry.gql(REGISTER, { input }, registrar), 'CONFLICT/FIRM.ALREADY_REGISTERED');
    // Refused before the operation is read: a token that does not verify.
    expect((await registry.gql('{ __typename }', {}, registrar.slice(0, -4) + 'AAAA')).status).toBe(401);

    const text = await scrape(registry);
    expect(series(text, 'registry_graphql_request_duration_seconds_count', { operation: 'FirmLookup', type: 'query' })).toBe(
      (series(before, 'registry_graphql_request_duration_seconds_count', { operation: 'FirmLookup', type: 'query' }) ?? 0) + 2,
    );
    expect(series(text, 'registry_graphql_request_duration_seconds_count', { operation: 'anonymous', type: 'query' })).toBeGreaterThanOrEqual(1);
    expect(series(text, 'registry_graphql_request_duration_seconds_count', { operation: 'RegisterFirm', type: 'mutation' })).toBe(
      (series(before, 'registry_graphql_request_duration_seconds_count', { operation: 'RegisterFirm', type: 'mutation' }) ?? 0) + 3,
    );
    expect(
      series(text, 'registry_graphql_errors_total', { operation: 'RegisterFirm', type: 'mutation', code: 'UNAUTHENTICATED', reason: 'AUTH.REQUIRED' }),
    ).toBe(1);
    expect(
      series(text, 'registry_graphql_errors_total', { operation: 'RegisterFirm', type: 'mutation', code: 'CONFLICT', reason: 'FIRM.ALREADY_REGISTERED' }),
    ).toBe(1);
    expect(
      series(text, 'registry_graphql_errors_total', { operation: 'unknown', type: 'unknown', code: 'UNAUTHENTICATED', reason: 'AUTH.INVALID_TOKEN' }),
    ).toBe(1);
    // One append for the one registration that was accepted.
    expect(series(text, 'registry_event_store_appends_total')).toBe(appendsBefore + 1);
    expect(series(text, 'registry_http_request_duration_seconds_count', { route: 'graphql', method: 'POST', status: '401' })).toBe(1);
    expect(series(text, 'registry_event_store_up')).toBe(1);
    expect(series(text, 'registry_log_head_position')).toBeGreaterThan(0);
    const projections = labelValues(text, 'registry_projection_lag_events', 'projection');
    expect(projections.size).toBeGreaterThan(0);
    for (const projection of projections) {
      expect(series(text, 'registry_projection_position', { projection })).toBeGreaterThan(0);
      expect(series(text, 'registry_projection_lag_seconds', { projection })).toBeDefined();
    }
    expect(series(text, 'registry_readiness_pending_changes')).toBeGreaterThanOrEqual(0);
    expect(series(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(series(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    // No label carries an id or a document.
    expect(text).not.toContain(input.firmId);
    expect(text).not.toContain(FIRM_ID);
  });

  it('subscriptions over WebSocket: latency and errors per operation, upgrades and connections in /metrics; one log line per connection, never the token', async () => {
    const before = await scrape(registry);
    const count = (text: string, name: string, labels: Record<string, string>) => series(text, name, labels) ?? 0;
    const correlationId = `ops-ws-${randomUUID()}`;
    const c = await wsConnection(registry, { token: registrar, headers: { 'x-correlation-id': correlationId } });
    expect(c.closes).toEqual([]);
    c.send('watch', `subscription WatchCert { certificationChanged(id: "no-such-certification") { position } }`);
    c.send('ahead', `subscription Ahead { certificationChanged(id: "no-such-certification", after: "999999999.1") { position } }`);
    c.send('query', `query NotHere { status { headPosition } }`);
    c.send('broken', `subscription {`);
    await until(() => ['ahead', 'query', 'broken'].every((id) => c.messages.some((m) => m.id === id && (m.type === 'error' || m.type === 'complete'))));
    // A connection whose token does not verify, with a correlation id request-context.ts does not accept.
    const bad = await wsConnection(registry, { token: registrar.slice(0, -4) + 'AAAA', headers: { 'x-correlation-id': 'has spaces <script>' } });
    await until(() => bad.closes.length > 0);
    expect(bad.closes).toEqual([4403]);

    const during = await scrape(registry);
    const d = 'registry_graphql_request_duration_seconds_count';
    for (const [operation, type] of [
      ['WatchCert', 'subscription'],
      ['Ahead', 'subscription'],
      ['NotHere', 'query'],
      ['invalid', 'unknown'],
    ])
      expect([operation, count(during, d, { operation, type }) - count(before, d, { operation, type })]).toEqual([operation, 1]);
    const e = 'registry_graphql_errors_total';
    const errors = (operation: string, type: string, code: string, reason: string) =>
      count(during, e, { operation, type, code, reason }) - count(before, e, { operation, type, code, reason });
    expect(errors('Ahead', 'subscription', 'BAD_USER_INPUT', 'SUBSCRIPTION.AFTER_AHEAD_OF_LOG')).toBe(1);
    expect(errors('NotHere', 'query', 'BAD_USER_INPUT', 'SUBSCRIPTION.SUBSCRIPTIONS_ONLY')).toBe(1);
    expect(errors('invalid', 'unknown', 'BAD_USER_INPUT', 'GRAPHQL.GRAPHQL_PARSE_FAILED')).toBe(1);
    expect(errors('unknown', 'unknown', 'UNAUTHENTICATED', 'AUTH.INVALID_TOKEN')).toBe(1);
    expect(
      count(during, 'registry_websocket_upgrades_total', { outcome: 'accepted' }) - count(before, 'registry_websocket_upgrades_total', { outcome: 'accepted' }),
    ).toBe(2);
    expect(series(during, 'registry_websocket_connections')).toBe(1);
    expect(series(during, 'registry_subscriptions_active')).toBe(1);
    expect(during).not.toContain('no-such-certification');

    c.ws.close(1000);
    await until(() => c.closes.length > 0);
    await settle();
    expect(series(await scrape(registry), 'registry_subscriptions_active')).toBe(0);
    const [line, ...more] = requestLines(correlationId);
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: 30,
      req: { method: 'GET', url: '/graphql', remoteAddress: '127.0.0.1' },
      res: { statusCode: 101 },
      subject: 'registrar-hk',
      role: 'REGISTRAR',
      websocket: { outcome: 'closed', closeCode: 1000, subscriptions: 2 },
    });
    expect(line.responseTime).toEqual(expect.any(Number));
    expect(line.msg).toMatch(/^GET \/graphql 101 websocket closed 1000 after \d+ ms, 2 subscription\(s\)$/);
    expect(line.req.headers).toBeUndefined();
    const refused = websocketLines().filter((entry) => entry.websocket.outcome === 'AUTH.INVALID_TOKEN');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ res: { statusCode: 101 }, websocket: { closeCode: 4403, subscriptions: 0 } });
    expect(refused[0].subject).toBeUndefined();
    expect(refused[0].correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(mockLogLines.join('\n')).not.toContain(registrar.split('.')[2]);
  });

  it('/metrics: operation names are capped (first come, then "other"), so clients cannot grow the series without bound', async () => {
    const names = Array.from({ length: MAX_OPERATION_NAMES + 5 }, (_, i) => `Probe${i}`);
    for (const name of names) expect((await registry.gql(`query ${name} { __typename }`)).status).toBe(200);
    const operations = labelValues(await scrape(registry), 'registry_graphql_request_duration_seconds_count', 'operation');
    expect(operations.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 3); // + anonymous, invalid, other
    expect(operations.has('other')).toBe(true);
    expect(operations.has(names[names.length - 1])).toBe(false);
  });

  it('echoes x-correlation-id (a valid one as sent, else a new one) and the events of a write carry it', async () => {
    const sent = `ops-corr-${randomUUID()}`;
    const input = { firmId: `corr-${randomUUID().slice(0, 8)}`, name: 'Corr Ltd', jurisdiction: 'HK' };
    const response = await fetch(registry.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${registrar}`, 'x-correlation-id': sent },
      body: JSON.stringify({ query: REGISTER, variables: { input } }),
    });
    expect(response.headers.get('x-correlation-id')).toBe(sent);
    expect(((await response.json()) as any).data.registerFirm.history[0].correlationId).toBe(sent);

    const invalid = await fetch(registry.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'has spaces <script>' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(invalid.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    const none = await get(registry, '/health/live');
    expect(none.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(none.headers.get('x-correlation-id')).not.toBe(invalid.headers.get('x-correlation-id'));
  });

  it('logs one line per request: operation, status, duration, subject and correlation id, never the token', async () => {
    const query = `ops-log-${randomUUID()}`;
    const refused = `ops-log-${randomUUID()}`;
    const unknown = `ops-log-${randomUUID()}`;
    await registry.gql(FIRM_LOOKUP, {}, registrar, { 'x-correlation-id': query });
    await registry.gql(REGISTER, { input: { firmId: FIRM_ID, name: 'Again', jurisdiction: 'HK' } }, registrar, { 'x-correlation-id': refused });
    await get(registry, '/no-such-page', { 'x-correlation-id': unknown });
    await settle();

    const [line, ...more] = requestLines(query);
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: 30,
      operation: 'FirmLookup',
      operationType: 'query',
      subject: 'registrar-hk',
      role: 'REGISTRAR',
      res: { statusCode: 200 },
      req: { method: 'POST', url: '/graphql' },
    });
    expect(line.responseTime).toEqual(expect.any(Number));
    expect(line.msg).toMatch(/^POST \/graphql 200 query FirmLookup \d+ ms$/);
    expect(line.req.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(line)).not.toContain(registrar);

    expect(requestLines(refused)).toEqual([
      expect.objectContaining({ operation: 'RegisterFirm', operationType: 'mutation', res: expect.objectContaining({ statusCode: 200 }) }),
    ]);
    expect(requestLines(unknown)).toEqual([
      expect.objectContaining({ res: expect.objectContaining({ statusCode: 404 }), req: expect.objectContaining({ url: '/no-such-page' }) }),
    ]);
    expect(mockLogLines.join('\n')).not.toContain(registrar);
  });

  it("GET /graphql in a browser (development): Apollo Sandbox with the example operations, not blocked by helmet's CSP", async () => {
    const page = await get(registry, '/graphql', { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('embeddable-sandbox.cdn.apollographql.com');
    expect(html).toContain('query ExportReadinessEU'); // the README's first example
    // The page's own policy (by nonce, Apollo's hosts) applies; helmet's script-src 'self' would block it.
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    expect(page.headers.get('content-security-policy')).toBeNull();
    // helmet's other headers stay.
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    // An API client on the same path still gets helmet's CSP.
    const api = await fetch(registry.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(api.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('GET /: a short page (HTML for a browser, JSON otherwise) pointing at /graphql, /health/ready and /metrics', async () => {
    const page = await get(registry, '/', { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    for (const href of ['/graphql', '/health/ready', '/metrics']) expect(html).toContain(`href="${href}"`);
    const data = await json(await get(registry, '/', { accept: 'application/json' }));
    expect(data.status).toBe(200);
    expect(Object.keys(data.body.links)).toEqual(expect.arrayContaining(['/graphql', '/health/ready', '/metrics']));
  });

  it('GET /graphql: a query works (with a CSRF-prevention header); a mutation is refused (405) and appends nothing', async () => {
    const q = encodeURIComponent(`{ firm(id: "${FIRM_ID}") { id } }`);
    const ok = await json(await get(registry, `/graphql?query=${q}`, { 'apollo-require-preflight': 'true' }));
    expect(ok.status).toBe(200);
    expect(ok.body.data).toEqual({ firm: { id: FIRM_ID } });

    const before = await registry.eventCount();
    const m = encodeURIComponent(`mutation { registerFirm(input: { firmId: "get-firm", name: "Get Ltd", jurisdiction: "HK" }) { id } }`);
    const refused = await get(registry, `/graphql?query=${m}`, { 'apollo-require-preflight': 'true', authorization: `Bearer ${registrar}` });
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('POST');
    expect(await registry.eventCount()).toBe(before);
  });

  it("CSRF prevention (Apollo's default, kept): a GET or a simple-request POST without a preflight-forcing header is refused, nothing runs", async () => {
    const q = encodeURIComponent('{ __typename }');
    const bareGet = await json(await get(registry, `/graphql?query=${q}`));
    expect(bareGet.status).toBe(400);
    expect(bareGet.body.errors[0].message).toContain('Cross-Site Request Forgery');

    const before = await registry.eventCount();
    const body = JSON.stringify({ query: `mutation { registerFirm(input: { firmId: "csrf-firm", name: "CSRF Ltd", jurisdiction: "HK" }) { id } }` });
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const simple = await fetch(registry.url, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${registrar}` }, body });
      expect(simple.status).toBe(400);
      expect(((await simple.json()) as any).errors[0].message).toContain('Cross-Site Request Forgery');
    }
    expect(await registry.eventCount()).toBe(before);
    // The same POST as JSON (which a browser would preflight) goes through.
    const preflighted = await fetch(registry.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${registrar}` },
      body,
    });
    expect(((await preflighted.json()) as any).data).toEqual({ registerFirm: { id: 'csrf-firm' } });
    expect(await registry.eventCount()).toBe(before + 1);
  });

  it('CORS is off by default: no Access-Control-Allow-Origin for any origin', async () => {
    const preflight = await fetch(registry.url, { method: 'OPTIONS', headers: { origin: 'https://ui.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('operability: production, CORS, projections behind, draining', () => {
  it('NODE_ENV=production: no landing page on GET /graphql (a GraphQL request like any other), CORS for the listed origins only', async () => {
    const registry = await RunningRegistry.start({ env: { ...BASE_ENV, NODE_ENV: 'production', CORS_ORIGINS: 'https://ui.example, http://localhost:5173' } });
    try {
      const page = await get(registry, '/graphql', { accept: 'text/html' });
      expect(page.status).toBe(400);
      expect(page.headers.get('content-type')).toContain('application/json');
      expect(await page.text()).not.toContain('apollographql.com');

      const allowed = await fetch(registry.url, {
        method: 'OPTIONS',
        headers: { origin: 'https://ui.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ui.example');
      expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
      expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
      const actual = await fetch(registry.url, {
        method: 'POST',
        headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(actual.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(actual.headers.get('access-control-expose-headers')).toContain('x-correlation-id');
      const other = await fetch(registry.url, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await registry.stop();
    }
  });

  it('/health/ready: 503 naming the projections when they are HEALTH_MAX_PROJECTION_LAG behind the head; /metrics shows the lag', async () => {
    const registry = await RunningRegistry.start({ env: { ...BASE_ENV, HEALTH_MAX_PROJECTION_LAG: '2' } });
    try {
      expect((await get(registry, '/health/ready')).status).toBe(200);
      // Projections stop; the log keeps growing (an append through the store port, as another instance's would).
      await registry.app.get(ProjectionRunner).stop();
      const metadata = {
        actor: { subject: 'ops-test', role: 'SYSTEM' },
        issuedAt: new Date().toISOString(),
        correlationId: randomUUID(),
        causationId: null,
        commandId: randomUUID(),
      };
      for (let i = 0; i < 2; i++)
        await registry.store.appendToStream(`ops-probe/${i}`, [{ type: 'OpsProbe', data: {} }], { expectedVersion: 'any', metadata: metadata as never });
      await new Promise((r) => setTimeout(r, 1100)); // past the shared sample's one-second freshness
      const ready = await json(await get(registry, '/health/ready'));
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe('error');
      expect(ready.body.error.projections).toMatchObject({ status: 'down', maxLag: '2 events' });
      expect(ready.body.error.projections.message).toContain('behind the log head');
      expect(ready.body.info.store.status).toBe('up');
      const text = await scrape(registry);
      const projections = labelValues(text, 'registry_projection_lag_events', 'projection');
      for (const projection of projections) {
        expect(series(text, 'registry_projection_lag_events', { projection })).toBeGreaterThanOrEqual(2);
        expect(series(text, 'registry_projection_lag_seconds', { projection })).toBeGreaterThanOrEqual(1);
      }
    } finally {
      await registry.stop();
    }
  });

  it('on SIGTERM: /health/ready turns 503 at once (terminus format, the shutdown check down), /health/live stays 200, other requests get the drain 503', async () => {
    const registry = await RunningRegistry.start({ env: { ...BASE_ENV, SHUTDOWN_DRAIN: '1', SHUTDOWN_GRACE_PERIOD: '5' } });
    expect((await get(registry, '/health/ready')).status).toBe(200);
    const stopped = registry.app.get(GracefulShutdown).stop(registry.app, 'SIGTERM');
    const ready = await json(await get(registry, '/health/ready'));
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'error', error: { shutdown: { status: 'down' } } });
    expect((await get(registry, '/health/live')).status).toBe(200);
    const correlationId = `ops-drain-${randomUUID()}`;
    const refused = await registry.gql('{ __typename }', {}, undefined, { 'x-correlation-id': correlationId });
    expect(refused.status).toBe(503);
    expect(errorCodes(refused)).toEqual(['SERVICE_UNAVAILABLE/SERVER.SHUTTING_DOWN']);
    await settle();
    // Answered before Nest's routing, and still logged once.
    expect(requestLines(correlationId)).toEqual([expect.objectContaining({ res: expect.objectContaining({ statusCode: 503 }) })]);
    // A WebSocket upgrade bypasses the middleware: it is refused at the upgrade, before the handshake, and logged too.
    const upgradeId = `ops-drain-ws-${randomUUID()}`;
    const upgrade = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const ws = new WebSocket(registry.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers: { 'x-correlation-id': upgradeId } });
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) }));
      });
      ws.once('open', () => reject(new Error('upgraded while draining')));
      ws.once('error', reject);
    });
    expect(upgrade.status).toBe(503);
    expect(upgrade.body.errors[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', reason: 'SERVER.SHUTTING_DOWN' });
    expect(requestLines(upgradeId)).toEqual([
      expect.objectContaining({ res: { statusCode: 503 }, websocket: expect.objectContaining({ outcome: 'SERVER.SHUTTING_DOWN' }) }),
    ]);
    expect(await stopped).toBe(0);
    await registry.stop();
  });
});
