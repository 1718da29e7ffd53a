import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadOrCreateLocalKeys, RegistryClaims, signToken } from '../../apps/registry-api/src/auth/local-keys';
import { LogTail } from '../../apps/registry-api/src/subscriptions/log-tail';
import { SubscriptionGate } from '../../apps/registry-api/src/subscriptions/subscription-gate';
import { WebSocketAdmission } from '../../apps/registry-api/src/subscriptions/websocket-admission';
import { AuthService } from '../../apps/registry-api/src/auth/auth.service';
import { REGISTRY_CONFIG } from '../../apps/registry-api/src/config/registry.config';
import { createTestDatabase, TestDatabase } from '../support/postgres';
import { errorCodes, RunningRegistry } from './support/registry';

const CERT = 'pearl-chat-1-0-hkai';
const CHATBOT_EU = { modelId: 'pearl-chat', version: '1.0', jurisdiction: 'EU', useCase: 'chatbot' };

const CERTIFICATION_CHANGED = `subscription($id: ID!, $after: LogPosition) { certificationChanged(id: $id, after: $after) {
  position certificationId event { type position data actor { subject role actingFor } correlationId }
  certification { id status auditReportDigest suspendedAt history { type position } } } }`;
const READINESS_CHANGED = `subscription($modelId: ID!, $version: String!, $jurisdiction: String!, $useCase: String!, $after: LogPosition, $asOf: DateTime) {
  exportReadinessChanged(modelId: $modelId, version: $version, jurisdiction: $jurisdiction, useCase: $useCase, after: $after, asOf: $asOf) {
    position cause previousStatus readiness { status computedAt asOf validUntil lines { status reason } } } }`;
const RECOGNITIONS_CHANGED = `subscription($jurisdiction: String!, $after: LogPosition, $asOf: DateTime) {
  recognitionsChanged(jurisdiction: $jurisdiction, after: $after, asOf: $asOf) { position cause recognitions { computedAt hkRequirementIds recognitions { equivalenceId } } } }`;
const VERDICT = `query($input: ExportReadinessInput!) { exportReadiness(input: $input) { status computedAt asOf } }`;
const HEAD = `{ status { headPosition } }`;
const CHANGES = `query($after: LogPosition, $first: Int) { changes(after: $after, first: $first) {
  endPosition hasMore changes { streamId event { eventId type position data actor { subject role } correlationId } } } }`;
const SUSPEND = `mutation($input: SuspendCertificationInput!) { suspendCertification(input: $input) { status } }`;
const REINSTATE = `mutation($input: ReinstateCertificationInput!) { reinstateCertification(input: $input) { status } }`;

const positionOrder = (a: string, b: string) => {
  const [ta, ga] = a.split('.').map(BigInt);
  const [tb, gb] = b.split('.').map(BigInt);
  return ta !== tb ? (ta < tb ? -1 : 1) : ga === gb ? 0 : ga < gb ? -1 : 1;
};

/** What a subscriber received: notifications, errors, and a way to wait for the n-th notification. */
interface Received<T> {
  readonly values: T[];
  readonly errors: { message: string; extensions?: { code?: string; reason?: string } }[];
  readonly completed: () => boolean;
  /** Resolves with the values once there are at least `n`; rejects after `ms`. */
  atLeast(n: number, ms?: number): Promise<T[]>;
  unsubscribe(): void;
}

const subscribe = <T>(client: Client, query: string, variables: Record<string, unknown>, field: string): Received<T> => {
  const values: T[] = [];
  const errors: Received<T>['errors'] = [];
  let done = false;
  const waiters: (() => void)[] = [];
  const poke = () => waiters.splice(0).forEach((w) => w());
  const unsubscribe = client.subscribe<Record<string, T>>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...(result.errors as Received<T>['errors']));
        if (result.data) values.push(result.data[field]);
        poke();
      },
      error: (error) => {
        errors.push(...(Array.isArray(error) ? error : [{ message: String((error as { reason?: string }).reason ?? error) }]));
        done = true;
        poke();
      },
      complete: () => {
        done = true;
        poke();
      },
    },
  );
  return {
    values,
    errors,
    completed: () => done,
    unsubscribe,
    atLeast: (n, ms = 5_000) =>
      new Promise<T[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${values.length} of ${n} notifications after ${ms} ms; errors: ${JSON.stringify(errors)}`)), ms);
        const check = () => {
          if (values.length >= n) {
            clearTimeout(timer);
            resolve(values);
          } else if (done) {
            clearTimeout(timer);
            reject(new Error(`subscription ended after ${values.length} of ${n}: ${JSON.stringify(errors)}`));
          } else waiters.push(check);
        };
        check();
      }),
  };
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A WebSocket class whose connections leave from `localAddress` (any 127.x address reaches the loopback server). */
const fromAddress = (localAddress: string) =>
  class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { localAddress });
    }
  };

/**
 * A graphql-ws client that never retries (a test decides when to reconnect) and records how it was closed;
 * `from`: the client's own address (127.0.0.1 unless given), as the server's per-address limits see it.
 */
const wsClient = (registry: RunningRegistry, token?: string, from?: string) => {
  const closes: { code: number; reason: string }[] = [];
  const client = createClient({
    url: registry.url.replace(/^http/, 'ws'),
    webSocketImpl: from ? fromAddress(from) : WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    on: { closed: (event) => closes.push({ code: (event as { code: number }).code, reason: (event as { reason: string }).reason }) },
  });
  return { client, closes };
};

const until = async (condition: () => boolean | Promise<boolean>, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await pause(20);
  }
};

describe('subscriptions over WebSocket (embedded store, demo catalog)', () => {
  let registry: RunningRegistry;
  let certifier: string;
  let registrar: string;
  const clients: Client[] = [];
  const open = (token?: string) => {
    const c = wsClient(registry, token);
    clients.push(c.client);
    return c;
  };
  const head = async (): Promise<string> => (await registry.gql(HEAD)).data.status.headPosition;
  const send = async (doc: string, reason?: string) => {
    const r = await registry.gql(doc, { input: { certificationId: CERT, ...(reason ? { reason } : {}) } }, certifier);
    expect(r.errors).toBeUndefined();
  };

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    certifier = await registry.token('CERTIFIER', 'hkcb-officer', 'hkcb-demo');
    registrar = await registry.token('REGISTRAR', 'registrar-hk');
  });
  afterAll(async () => {
    await Promise.all(
      clients.map(async (c) => {
        await c.dispose();
      }),
    );
    await registry.stop();
  });

  it('sees a suspension within 1 s (certificationChanged and exportReadinessChanged), then resumes after a forced disconnect with no loss and no duplicate', async () => {
    const verdict = (await registry.gql(VERDICT, { input: CHATBOT_EU })).data.exportReadiness;
    expect(verdict.status).toBe('READY');
    const start = await head();
    const first = open();
    const certs = subscribe<any>(first.client, CERTIFICATION_CHANGED, { id: CERT, after: start }, 'certificationChanged');
    const readiness = subscribe<any>(
      first.client,
      READINESS_CHANGED,
      { ...CHATBOT_EU, after: verdict.computedAt, asOf: verdict.asOf },
      'exportReadinessChanged',
    );

    const sent = Date.now();
    await send(SUSPEND, 'Incident under investigation');
    const [suspended] = await certs.atLeast(1, 1_000);
    const [notReady] = await readiness.atLeast(1, 1_000);
    expect(Date.now() - sent).toBeLessThan(1_000);
    expect(suspended).toMatchObject({ certificationId: CERT, event: { type: 'CertificationSuspended' }, certification: { id: CERT, status: 'SUSPENDED' } });
    expect(suspended.position).toBe(suspended.event.position);
    // The certification as of the event, history included up to it.
    expect(suspended.certification.history.at(-1)).toEqual({ type: 'CertificationSuspended', position: suspended.position });
    expect(notReady).toMatchObject({ cause: 'EVENTS', previousStatus: 'READY', readiness: { status: 'NOT_READY' } });
    expect(notReady.readiness.computedAt).toBe(notReady.position);
    expect(notReady.readiness.lines.some((l: { reason: string }) => l.reason === 'CERTIFICATION_SUSPENDED')).toBe(true);
    // The notification is exactly the query's answer at that (knownAt, asOf).
    const again = (await registry.gql(VERDICT, { input: { ...CHATBOT_EU, knownAt: notReady.position, asOf: notReady.readiness.asOf } })).data.exportReadiness;
    expect(again).toEqual({ status: 'NOT_READY', computedAt: notReady.position, asOf: notReady.readiness.asOf });

    // Forced disconnect: the socket is cut, no complete is sent.
    first.client.terminate();
    await until(() => first.closes.length > 0);
    await send(REINSTATE);
    await send(SUSPEND, 'Second incident');
    await send(REINSTATE);

    const second = open();
    const resumedCerts = subscribe<any>(second.client, CERTIFICATION_CHANGED, { id: CERT, after: suspended.position }, 'certificationChanged');
    const resumedReadiness = subscribe<any>(
      second.client,
      READINESS_CHANGED,
      { ...CHATBOT_EU, after: notReady.position, asOf: notReady.readiness.asOf },
      'exportReadinessChanged',
    );
    const missed = await resumedCerts.atLeast(3);
    expect(missed.map((c) => c.event.type)).toEqual(['CertificationReinstated', 'CertificationSuspended', 'CertificationReinstated']);
    const [ready] = await resumedReadiness.atLeast(1);
    expect(ready).toMatchObject({ cause: 'EVENTS', previousStatus: 'NOT_READY', readiness: { status: 'READY' } });

    await send(SUSPEND, 'Third incident');
    await resumedCerts.atLeast(4, 1_000);
    await resumedReadiness.atLeast(2, 1_000);
    await pause(300);
    // Exactly the certification's events after the first suspension, each once, in log order.
    const history = (await registry.gql(`query($id: ID!) { certification(id: $id) { history { type position } } }`, { id: CERT })).data.certification.history;
    const expected = history.filter((e: { position: string }) => positionOrder(e.position, suspended.position) > 0);
    expect(resumedCerts.values.map((c) => ({ type: c.event.type, position: c.position }))).toEqual(expected);
    expect(resumedReadiness.values.map((r) => r.readiness.status)).toEqual(['READY', 'NOT_READY']);
    expect(resumedCerts.errors).toEqual([]);
    await send(REINSTATE);
  });

  it('replays a certification from the log start, with restricted fields only for entitled callers', async () => {
    const anonymous = open();
    const entitled = open(registrar);
    const anon = subscribe<any>(anonymous.client, CERTIFICATION_CHANGED, { id: CERT, after: '0.0' }, 'certificationChanged');
    const reg = subscribe<any>(entitled.client, CERTIFICATION_CHANGED, { id: CERT, after: '0.0' }, 'certificationChanged');
    const [issuedAnon] = await anon.atLeast(1);
    const [issuedReg] = await reg.atLeast(1);
    expect(issuedAnon.event.type).toBe('CertificationIssued');
    expect(issuedAnon.event.data.auditReportDigest).toBeNull();
    expect(issuedAnon.certification.auditReportDigest).toBeNull();
    expect(issuedAnon.event.actor.subject).toBeNull();
    expect(issuedAnon.event.correlationId).toBeNull();
    expect(issuedReg.event.data.auditReportDigest).toMatch(/^sha256:/);
    expect(issuedReg.certification.auditReportDigest).toBe(issuedReg.event.data.auditReportDigest);
    expect(issuedReg.event.actor.subject).not.toBeNull();
  });

  it('refuses a bad token at connection (4403 with the reason), and a position ahead of the log', async () => {
    const bad = wsClient(registry, 'not-a-token');
    clients.push(bad.client);
    const refused = subscribe<any>(bad.client, CERTIFICATION_CHANGED, { id: CERT }, 'certificationChanged');
    await until(() => bad.closes.length > 0);
    expect(bad.closes[0]).toEqual({ code: 4403, reason: 'AUTH.INVALID_TOKEN' });
    expect(refused.values).toEqual([]);

    const expired = wsClient(registry, await registry.token('REGISTRAR', 'registrar-hk', undefined, '1s'));
    clients.push(expired.client);
    subscribe<any>(expired.client, CERTIFICATION_CHANGED, { id: CERT }, 'certificationChanged');
    // A connection does not outlive its token.
    await until(() => expired.closes.length > 0, 4_000);
    expect(expired.closes[0]).toMatchObject({ code: 4403 });

    const ok = open();
    const ahead = subscribe<any>(ok.client, CERTIFICATION_CHANGED, { id: CERT, after: '999999999.1' }, 'certificationChanged');
    await until(() => ahead.completed());
    expect(ahead.errors.map((e) => `${e.extensions?.code}/${e.extensions?.reason}`)).toEqual(['BAD_USER_INPUT/SUBSCRIPTION.AFTER_AHEAD_OF_LOG']);
  });

  it('sends recognitionsChanged when an equivalence naming the jurisdiction is withdrawn', async () => {
    const recognitions = (await registry.gql(`{ recognitions(jurisdiction: "SG") { computedAt asOf recognitions { equivalenceId } } }`)).data.recognitions;
    expect(recognitions.recognitions.length).toBeGreaterThan(0);
    const c = open();
    const changes = subscribe<any>(
      c.client,
      RECOGNITIONS_CHANGED,
      { jurisdiction: 'SG', after: recognitions.computedAt, asOf: recognitions.asOf },
      'recognitionsChanged',
    );
    const eu = subscribe<any>(c.client, RECOGNITIONS_CHANGED, { jurisdiction: 'EU' }, 'recognitionsChanged');
    const withdrawn = recognitions.recognitions[0].equivalenceId;
    const regulator = await registry.token('REGULATOR', 'sg-imda', 'SG');
    const r = await registry.gql(
      `mutation($input: WithdrawEquivalenceInput!) { withdrawEquivalence(input: $input) { status } }`,
      { input: { equivalenceId: withdrawn, reason: 'Review' } },
      regulator,
    );
    expect(r.errors).toBeUndefined();
    const [change] = await changes.atLeast(1, 1_000);
    expect(change.cause).toBe('EVENTS');
    expect(change.recognitions.recognitions.map((x: { equivalenceId: string }) => x.equivalenceId)).not.toContain(withdrawn);
    expect(change.recognitions.recognitions).toHaveLength(recognitions.recognitions.length - 1);
    await pause(200);
    // Another jurisdiction's recognitions did not change.
    expect(eu.values).toEqual([]);
  });

  describe('the changes feed', () => {
    it('pages through the log in order, resumable from endPosition, nothing skipped or repeated', async () => {
      const all = (await registry.gql(CHANGES, { first: 100 })).data.changes;
      const n = all.changes.length;
      expect(n).toBeGreaterThan(20);
      let after: string | undefined;
      const paged: string[] = [];
      for (let more = true; more;) {
        const page = (await registry.gql(CHANGES, { after, first: 7 })).data.changes;
        paged.push(...page.changes.map((c: { event: { eventId: string } }) => c.event.eventId));
        if (page.changes.length) expect(page.endPosition).toBe(page.changes.at(-1).event.position);
        after = page.endPosition;
        more = page.hasMore;
        if (paged.length >= n) break;
      }
      expect(paged.slice(0, n)).toEqual(all.changes.map((c: { event: { eventId: string } }) => c.event.eventId));
      expect((await registry.gql(CHANGES, { first: n - 1 })).data.changes.hasMore).toBe(true);
      const positions = all.changes.map((c: { event: { position: string } }) => c.event.position);
      expect([...positions].sort(positionOrder)).toEqual(positions);

      const last = await head();
      const empty = (await registry.gql(CHANGES, { after: last })).data.changes;
      expect(empty).toEqual({ endPosition: last, hasMore: false, changes: [] });
    });

    it('redacts restricted fields for everyone and the subject for anonymous callers', async () => {
      const find = async (token?: string) => {
        let after: string | undefined;
        for (;;) {
          const page = (await registry.gql(CHANGES, { after, first: 100 }, token)).data.changes;
          const issued = page.changes.find((c: { event: { type: string } }) => c.event.type === 'CertificationIssued');
          if (issued) return issued;
          if (!page.hasMore) throw new Error('no CertificationIssued in the log');
          after = page.endPosition;
        }
      };
      const anonymous = await find();
      const authenticated = await find(registrar);
      expect(anonymous.streamId).toMatch(/^certification-/);
      expect(anonymous.event.data.auditReportDigest).toBeNull();
      expect(authenticated.event.data.auditReportDigest).toBeNull();
      expect(anonymous.event.actor.subject).toBeNull();
      expect(anonymous.event.correlationId).toBeNull();
      expect(authenticated.event.actor.subject).not.toBeNull();
    });

    it('refuses a page size outside 1 to 100 and a position ahead of the log', async () => {
      expect(errorCodes(await registry.gql(CHANGES, { first: 101 }))).toEqual(['BAD_USER_INPUT/INPUT.INVALID_PAGE_SIZE']);
      expect(errorCodes(await registry.gql(CHANGES, { first: 0 }))).toEqual(['BAD_USER_INPUT/INPUT.INVALID_PAGE_SIZE']);
      expect(errorCodes(await registry.gql(CHANGES, { after: '999999999.1' }))).toEqual(['BAD_USER_INPUT/SUBSCRIPTION.AFTER_AHEAD_OF_LOG']);
    });
  });
});

describe('subscription limits', () => {
  let registry: RunningRegistry;
  const clients: Client[] = [];

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true, env: { GRAPHQL_MAX_DEPTH: '4', SUBSCRIPTIONS_PER_CONNECTION: '2', SUBSCRIPTIONS_MAX: '3' } });
  });
  afterAll(async () => {
    await Promise.all(
      clients.map(async (c) => {
        await c.dispose();
      }),
    );
    await registry.stop();
  });
  const open = (from?: string) => {
    const c = wsClient(registry, undefined, from);
    clients.push(c.client);
    return c.client;
  };
  const reasons = (r: Received<unknown>) => r.errors.map((e) => `${e.extensions?.code}/${e.extensions?.reason}`);
  const gate = () => registry.app.get(SubscriptionGate);

  it('caps subscriptions per connection and per instance, and frees a slot when one completes', async () => {
    const one = open();
    const a = subscribe(one, CERTIFICATION_CHANGED, { id: CERT }, 'certificationChanged');
    subscribe(one, CERTIFICATION_CHANGED, { id: CERT }, 'certificationChanged');
    const third = subscribe(one, CERTIFICATION_CHANGED, { id: CERT }, 'certificationChanged');
    await until(() => third.completed());
    expect(reasons(third)).toEqual(['BAD_USER_INPUT/SUBSCRIPTION.TOO_MANY_ON_CONNECTION']);
    expect(gate().activeSubscriptions).toBe(2);

    a.unsubscribe();
    await until(() => gate().activeSubscriptions === 1);
    const replacement = subscribe(one, CERTIFICATION_CHANGED, { id: CERT }, 'certificationChanged');
    await until(() => gate().activeSubscriptions === 2);
    expect(replacement.completed()).toBe(false);

    // Another address: the first one holds its share (SUBSCRIPTIONS_PER_CLIENT, 3 by default here: at most SUBSCRIPTIONS_MAX).
    const two = open('127.0.0.2');
    subscribe(two, CERTIFICATION_CHANGED, { id: CERT }, 'certificationChanged');
    await until(() => gate().activeSubscriptions === 3);
    const overTotal = subscribe(two, CERTIFICATION_CHANGED, { id: CERT }, 'certificationChanged');
    await until(() => overTotal.completed());
    expect(reasons(overTotal)).toEqual(['BAD_USER_INPUT/SUBSCRIPTION.TOO_MANY']);

    // Closing a connection frees its subscriptions.
    await one.dispose();
    await until(() => gate().activeSubscriptions === 1);
  });

  it('applies the query limits to subscription documents and serves only subscriptions', async () => {
    const c = open();
    const deep = subscribe(
      c,
      `subscription { certificationChanged(id: "${CERT}") { certification { history { actor { role } } } } }`,
      {},
      'certificationChanged',
    );
    const query = subscribe(c, `query { status { headPosition } }`, {}, 'status');
    const unknown = subscribe(c, `subscription { certificationChanged(id: "${CERT}") { nope } }`, {}, 'certificationChanged');
    await until(() => deep.completed() && query.completed() && unknown.completed());
    expect(reasons(deep)).toEqual(['BAD_USER_INPUT/QUERY.TOO_DEEP']);
    expect(reasons(query)).toEqual(['BAD_USER_INPUT/SUBSCRIPTION.SUBSCRIPTIONS_ONLY']);
    expect(reasons(unknown)).toEqual(['BAD_USER_INPUT/GRAPHQL.INVALID_REQUEST']);
  });
});

/** The graphql-transport-ws protocol by hand, over a raw socket the test can cut (terminate = a TCP close, no close frame). */
const rawConnection = async (registry: RunningRegistry, options: { from?: string; token?: string } = {}) => {
  const ws = new WebSocket(registry.url.replace(/^http/, 'ws'), 'graphql-transport-ws', options.from ? { localAddress: options.from } : {});
  const messages: { id?: string; type: string; payload?: any }[] = [];
  const closes: { code: number; reason: string }[] = [];
  ws.on('message', (data) => messages.push(JSON.parse((data as Buffer).toString())));
  ws.on('close', (code, reason) => closes.push({ code, reason: String(reason) }));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'connection_init', payload: options.token ? { authorization: `Bearer ${options.token}` } : {} }));
  await until(() => messages.some((m) => m.type === 'connection_ack') || closes.length > 0);
  let next = 0;
  return {
    ws,
    messages,
    closes,
    /** Sends a subscribe message; returns its id. */
    subscribe(query = CERTIFICATION_CHANGED, variables: Record<string, unknown> = { id: CERT }) {
      const id = `s${++next}`;
      ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
      return id;
    },
    /** The `CODE/REASON`s of the error message for `id`, once one came (empty while none). */
    refusals: (id: string) =>
      messages
        .filter((m) => m.id === id && m.type === 'error')
        .flatMap((m) => m.payload as { extensions: { code: string; reason: string } }[])
        .map((e) => `${e.extensions.code}/${e.extensions.reason}`),
    errorMessages: (id: string) =>
      messages.filter((m) => m.id === id && m.type === 'error').flatMap((m) => (m.payload as { message: string }[]).map((e) => e.message)),
  };
};

/** An upgrade the server must refuse before the handshake: its HTTP status, headers and JSON body. */
const refusedUpgrade = (registry: RunningRegistry, options: { from?: string; headers?: Record<string, string> } = {}) =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }>((resolve, reject) => {
    const ws = new WebSocket(registry.url.replace(/^http/, 'ws'), 'graphql-transport-ws', {
      ...(options.from ? { localAddress: options.from } : {}),
      headers: options.headers ?? {},
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(body) }));
    });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.once('error', reject);
  });

describe('subscription limits per client (address, token subject)', () => {
  let registry: RunningRegistry;
  let registrar: string;
  const sockets: WebSocket[] = [];
  const LIMITS = { SUBSCRIPTIONS_PER_CONNECTION: '2', SUBSCRIPTIONS_PER_CLIENT: '3', SUBSCRIPTIONS_CONNECTIONS_PER_CLIENT: '2', SUBSCRIPTIONS_MAX: '50' };

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true, env: LIMITS });
    registrar = await registry.token('REGISTRAR', 'registrar-hk');
  });
  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    await registry.stop();
  });
  const connect = async (options: { from?: string; token?: string } = {}) => {
    const c = await rawConnection(registry, options);
    sockets.push(c.ws);
    return c;
  };
  const gate = () => registry.app.get(SubscriptionGate);
  const admission = () => registry.app.get(WebSocketAdmission);
  /** Waits until the subscription `id` is running (counted) or refused; returns its refusals. */
  const settled = async (c: Awaited<ReturnType<typeof connect>>, id: string, active: number) => {
    await until(() => c.refusals(id).length > 0 || gate().activeSubscriptions >= active);
    return c.refusals(id);
  };

  it('takes the limits from the configuration (loadConfig), so a test or an operator sets them like any other variable', () => {
    expect(registry.app.get(REGISTRY_CONFIG).subscriptions).toMatchObject({ perConnection: 2, perClient: 3, connectionsPerClient: 2, total: 50 });
  });

  it('one address takes at most its share; another address and a token subject still subscribe while the flood is held; a cut flood gives its slots back', async () => {
    // The flood: one anonymous address, as many connections and subscriptions as it can get.
    const flood = [await connect(), await connect()];
    // A third upgrade from the address is refused before the handshake: HTTP 429, whatever X-Forwarded-For says.
    const forwarded: Record<string, string>[] = [
      {},
      { 'x-forwarded-for': '203.0.113.9' },
      { 'x-forwarded-for': '127.0.0.9, 10.1.2.3', 'x-real-ip': '10.1.2.3' },
    ];
    for (const headers of forwarded) {
      const refused = await refusedUpgrade(registry, { headers });
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'SUBSCRIPTION.TOO_MANY_CONNECTIONS' });
      expect(refused.body.errors[0].message).toContain('maximum of 2 WebSocket connections');
      expect(refused.body.errors[0].message).toContain('SUBSCRIPTIONS_CONNECTIONS_PER_CLIENT');
      expect(refused.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const ids = [flood[0].subscribe(), flood[0].subscribe(), flood[1].subscribe()];
    for (const [i, id] of ids.entries()) expect(await settled(flood[i < 2 ? 0 : 1], id, i + 1)).toEqual([]);
    const over = flood[1].subscribe();
    await until(() => flood[1].refusals(over).length > 0);
    expect(flood[1].refusals(over)).toEqual(['BAD_USER_INPUT/SUBSCRIPTION.TOO_MANY_FOR_CLIENT']);
    expect(flood[1].errorMessages(over)[0]).toContain('address holds its maximum of 3 subscriptions (SUBSCRIPTIONS_PER_CLIENT)');
    expect(gate().activeSubscriptions).toBe(3);

    // While it is held: another address, anonymous, subscribes.
    const neighbour = await connect({ from: '127.0.0.2' });
    expect(await settled(neighbour, neighbour.subscribe(), 4)).toEqual([]);
    // The registrar's connections count against its subject once connection_init verified the token, not the
    // address's share: two registrar connections from 127.0.0.3, then an anonymous one from there still upgrades.
    const reg = [await connect({ from: '127.0.0.3', token: registrar }), await connect({ from: '127.0.0.3', token: registrar })];
    expect(reg.map((c) => c.closes)).toEqual([[], []]);
    expect(await settled(reg[0], reg[0].subscribe(), 5)).toEqual([]);
    expect(await settled(reg[1], reg[1].subscribe(), 6)).toEqual([]);
    expect(admission().connections.count('subject:registrar-hk')).toBe(2);
    expect(admission().connections.count('ip:127.0.0.3')).toBe(0);
    const anonymousNeighbour = await connect({ from: '127.0.0.3' });
    expect(await settled(anonymousNeighbour, anonymousNeighbour.subscribe(), 7)).toEqual([]);
    // A third registrar connection, from yet another address, is over the subject's share: closed with 1013.
    const third = await connect({ from: '127.0.0.4', token: registrar });
    await until(() => third.closes.length > 0);
    expect(third.closes[0]).toEqual({ code: 1013, reason: 'SUBSCRIPTION.TOO_MANY_CONNECTIONS' });

    // The flood's sockets are cut (no close frame, no complete): every slot comes back.
    for (const c of flood) c.ws.terminate();
    await until(() => gate().activeSubscriptions === 4 && admission().connections.count('ip:127.0.0.1') === 0);
    expect(gate().clientsWithSubscriptions).toBe(3); // 127.0.0.2, registrar-hk, 127.0.0.3
    const again = [await connect(), await connect()];
    const more = [again[0].subscribe(), again[0].subscribe(), again[1].subscribe()];
    expect(await settled(again[0], more[0], 5)).toEqual([]);
    expect(await settled(again[0], more[1], 6)).toEqual([]);
    expect(await settled(again[1], more[2], 7)).toEqual([]);

    // Every socket closed, nothing is left counted.
    for (const ws of sockets) ws.terminate();
    await until(() => admission().openConnections === 0 && gate().activeSubscriptions === 0);
    expect(admission().connections.size).toBe(0);
    expect(gate().clientsWithSubscriptions).toBe(0);
    expect(gate().initialisedConnections).toBe(0);
  });

  it('a connection closed while its token is still being checked keeps no slot', async () => {
    const auth = registry.app.get(AuthService);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const verify = auth.actorFrom.bind(auth);
    const spy = jest.spyOn(auth, 'actorFrom').mockImplementationOnce(async (header) => {
      await held;
      return verify(header);
    });
    try {
      const ws = new WebSocket(registry.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { localAddress: '127.0.0.5' });
      await new Promise((resolve) => ws.once('open', resolve));
      ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${registrar}` } }));
      await until(() => spy.mock.calls.length > 0);
      ws.terminate();
      await until(() => admission().openConnections === 0);
      release();
      await pause(50);
      expect(admission().connections.size).toBe(0);
      expect(gate().initialisedConnections).toBe(0);
    } finally {
      release();
      spy.mockRestore();
    }
  });
});

describe('the WebSocket upgrade takes from the HTTP rate limit (one bucket per address)', () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await RunningRegistry.start({
      env: { RATE_LIMIT_ENABLED: '1', RATE_LIMIT_ANONYMOUS: '3', RATE_LIMIT_WINDOW_SECONDS: '60', RATE_LIMIT_BURST_SECONDS: '60' },
    });
  });
  afterAll(() => registry.stop());

  it('an HTTP request and upgrades share the bucket; past it an upgrade is 429 with Retry-After, X-Forwarded-For or not; another address is not held back', async () => {
    expect((await registry.gql(HEAD)).status).toBe(200);
    const first = await rawConnection(registry);
    const second = await rawConnection(registry);
    expect([first.closes, second.closes]).toEqual([[], []]);
    const forwarded: Record<string, string>[] = [{}, { 'x-forwarded-for': '198.51.100.7' }];
    for (const headers of forwarded) {
      const refused = await refusedUpgrade(registry, { headers });
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'RATE_LIMIT.EXCEEDED' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    // The HTTP side sees the same empty bucket.
    expect((await registry.gql(HEAD)).status).toBe(429);
    const other = await rawConnection(registry, { from: '127.0.0.2' });
    expect(other.closes).toEqual([]);
    for (const c of [first, second, other]) c.ws.terminate();
  });
});

describe('subscriptions with two instances on one PostgreSQL', () => {
  let database: TestDatabase;
  let keyDir: string;
  let a: RunningRegistry;
  let b: RunningRegistry;
  const clients: Client[] = [];
  const sign = async (role: RegistryClaims['role'], sub: string, actingFor?: string) =>
    signToken((await loadOrCreateLocalKeys(keyDir)).privateKey, { sub, role, acting_for: actingFor }, '1h');

  beforeAll(async () => {
    database = await createTestDatabase('subscriptions');
    keyDir = mkdtempSync(join(tmpdir(), 'registry-keys-'));
    const env = { DATABASE_URL: database.url, AUTH_KEY_DIR: keyDir };
    a = await RunningRegistry.start({ seedDemo: true, env });
    // B never polls within a test's time: only a NOTIFY (or its LISTEN reconnecting) can wake it.
    b = await RunningRegistry.start({ env: { ...env, SUBSCRIPTIONS_POLL_INTERVAL_MS: '60000' } });
  });
  afterAll(async () => {
    await Promise.all(
      clients.map(async (c) => {
        await c.dispose();
      }),
    );
    await b?.stop();
    await a?.stop();
    await database?.drop();
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('delivers a write on instance A to a subscriber on instance B within 1 s, woken by NOTIFY', async () => {
    const start = (await b.gql(HEAD)).data.status.headPosition;
    const c = wsClient(b, await sign('REGULATOR', 'eu-ai-office', 'EU'));
    clients.push(c.client);
    const certs = subscribe<any>(c.client, CERTIFICATION_CHANGED, { id: CERT, after: start }, 'certificationChanged');
    const verdict = (await b.gql(VERDICT, { input: CHATBOT_EU })).data.exportReadiness;
    const readiness = subscribe<any>(c.client, READINESS_CHANGED, { ...CHATBOT_EU, after: verdict.computedAt, asOf: verdict.asOf }, 'exportReadinessChanged');
    // Let B's subscriptions settle (catch-up done) so the time measured is delivery alone.
    await pause(300);
    const sent = Date.now();
    const r = await a.gql(SUSPEND, { input: { certificationId: CERT, reason: 'Incident' } }, await sign('CERTIFIER', 'hkcb-officer', 'hkcb-demo'));
    expect(r.errors).toBeUndefined();
    const [suspended] = await certs.atLeast(1, 1_000);
    await readiness.atLeast(1, 1_000);
    expect(Date.now() - sent).toBeLessThan(1_000);
    expect(suspended).toMatchObject({ event: { type: 'CertificationSuspended' }, certification: { status: 'SUSPENDED' } });
    // A regulator is entitled to restricted data.
    expect(suspended.certification.auditReportDigest).toMatch(/^sha256:/);
    expect(readiness.values[0]).toMatchObject({ previousStatus: 'READY', readiness: { status: 'NOT_READY' } });
    expect(b.app.get(LogTail).failure).toBeUndefined();
  });

  it('keeps following the log after its database connections are cut', async () => {
    const c = wsClient(b);
    clients.push(c.client);
    const start = (await b.gql(HEAD)).data.status.headPosition;
    const certs = subscribe<any>(c.client, CERTIFICATION_CHANGED, { id: CERT, after: start }, 'certificationChanged');
    await pause(200);
    // Every connection of both instances, B's LISTEN connection included, as a server restart would.
    await database.terminateConnections();
    await pause(100);
    let sent = false;
    // The pools reconnect; the first write after the cut may fail on a dead connection, so retry it.
    await until(async () => {
      if (sent) return true;
      const r = await a.gql(REINSTATE, { input: { certificationId: CERT } }, await sign('CERTIFIER', 'hkcb-officer', 'hkcb-demo'));
      sent = !r.errors;
      return sent;
    }, 10_000);
    const [reinstated] = await certs.atLeast(1, 5_000);
    expect(reinstated.event.type).toBe('CertificationReinstated');
  });
});
