/**
 * Issue 7, item 6: what the registry logs while requests fail must not carry the caller's bearer token,
 * restricted payload values (facility, custodian, filing reference) or a statement's SQL parameters.
 * Everything the app logs is captured: the pino stream (given to the app through its config, see
 * infrastructure/logging.ts) and, in case something bypasses pino, stdout, stderr and console.
 */
import { join } from 'node:path';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { loadOrCreateLocalKeys, TOKEN_ALGORITHM } from '../../apps/registry-api/src/auth/local-keys';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../apps/registry-api/src/config/registry.config';
import { digest, registerPearlChatVersion } from './support/fixtures';
import { errorCodes, GraphQLResponse, RunningRegistry } from './support/registry';

const mockPinoLines: string[] = [];
jest.mock('../../apps/registry-api/src/main', () => {
  const actual = jest.requireActual('../../apps/registry-api/src/main');
  return {
    ...actual,
    createRegistryApp: (config: object) => actual.createRegistryApp({ ...config, logDestination: { write: (line: string) => void mockPinoLines.push(line) } }),
  };
});

const FACILITY = 'Vault-Facility-7Q3X Kowloon Bay';
const CUSTODIAN = 'Custodian-Zx81 Night Shift';
const FILING = 'GD-CAC-SECRET-99731';
/** Goes into the append's metadata parameter only (never into a header, a URL or a response). */
const IDEMPOTENCY = 'idem-SECRET-PARAM-5521';
const D11 = digest('1');

const LOCALIZATION = `mutation($input: RecordWeightsLocalizationInput!) { recordWeightsLocalization(input: $input) { id: modelId facility custodian } }`;
const BASIS = `mutation($input: RecordDataTransferBasisInput!) { recordDataTransferBasis(input: $input) { id filingReference } }`;
const READ_LOCALIZATION = `{ weightsLocalization(modelId: "pearl-chat", version: "1.0") { facility history { type data } } }`;

/** The slice of PGlite the embedded store calls (PgliteDatabase keeps it in its private `db`). */
interface PgliteQuery {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}
interface PgliteLike extends PgliteQuery {
  transaction<T>(work: (tx: PgliteQuery) => Promise<T>): Promise<T>;
}

describe('what the registry logs while requests fail (embedded store, LOG_LEVEL=trace)', () => {
  let registry: RunningRegistry;
  const otherChannels: string[] = [];
  const tokens: Record<string, string> = {};
  const internalErrorIds: string[] = [];
  const restorers: (() => void)[] = [];

  const place = {
    modelId: 'pearl-chat',
    version: '1.1',
    weightsDigest: D11,
    hostingJurisdiction: 'CN',
    facility: FACILITY,
    custodian: CUSTODIAN,
    attestedBy: 'HK Certification Body (demo)',
  };
  const basis = {
    basisId: 'pearl-secret-basis',
    modelId: 'pearl-chat',
    originJurisdiction: 'CN',
    destinationJurisdiction: 'HK',
    mechanism: 'GBA_STANDARD_CONTRACT',
    filingReference: FILING,
    filingDate: '2026-01-10T00:00:00Z',
    dataScope: 'Transcripts',
    idempotencyKey: IDEMPOTENCY,
  };

  /** An unexpected failure: INTERNAL_SERVER_ERROR, no detail in the answer, an error id to find the log line by. */
  const internal = (r: GraphQLResponse) => {
    expect(errorCodes(r)).toEqual(['INTERNAL_SERVER_ERROR/INTERNAL']);
    expect(JSON.stringify(r.errors)).not.toContain(FACILITY);
    // Checked with the log, after the scan for secrets (which must fail first on code that leaks).
    internalErrorIds.push(r.errors![0].extensions.errorId as string);
  };

  beforeAll(async () => {
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
      const spy = jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
        otherChannels.push(String(chunk));
        return write(chunk, ...rest);
      }) as typeof stream.write);
      restorers.push(() => spy.mockRestore());
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const original = console[method].bind(console);
      const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        otherChannels.push(
          args.map((a) => (a instanceof Error ? `${a.stack} ${JSON.stringify({ ...a })}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '),
        );
        original(...args);
      });
      restorers.push(() => spy.mockRestore());
    }
    registry = await RunningRegistry.start({ seedDemo: true, env: { LOG_LEVEL: 'trace' } });
    tokens.owner = await registry.token('FIRM', 'pearl-admin', 'pearl-river-gen');
    tokens.otherFirm = await registry.token('FIRM', 'harbour-admin', 'harbour-lending');
    tokens.registrar = await registry.token('REGISTRAR', 'registrar-hk');
    tokens.expired = await registry.token('REGISTRAR', 'registrar-hk', undefined, '-5m');
    tokens.forged = tokens.registrar.slice(0, -6) + (tokens.registrar.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
    const { privateKey } = await loadOrCreateLocalKeys(join(registry.dataDir, 'auth'));
    tokens.withoutExpiry = await new SignJWT({ role: 'REGISTRAR' })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM })
      .setSubject('registrar-hk')
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .sign(privateKey);
    // A version of pearl-chat without a localisation record yet.
    await registerPearlChatVersion(registry, '1.1', D11);
  });
  afterAll(async () => {
    restorers.forEach((restore) => restore());
    await registry?.stop();
  });

  it('a real PGlite failure on the append of restricted data (its message quotes the parameter): INTERNAL, nothing appended', async () => {
    // The events insert becomes a statement PostgreSQL refuses with the payload parameter in its message:
    // invalid input syntax for type integer: "[{"eventId": …, "data": {"facility": …}}]".
    const pglite = (registry.db as unknown as { db: PgliteLike }).db;
    const poisoned = (sql: string, params: unknown[] = []): [string, unknown[]] =>
      sql.includes('INSERT INTO es_events') ? [`SELECT ${params.map((_, i) => `$${i + 1}::text`).join(', ')}, ($3::text)::int`, params] : [sql, params];
    const query = pglite.query.bind(pglite);
    const transaction = pglite.transaction.bind(pglite);
    const querySpy = jest.spyOn(pglite, 'query').mockImplementation((sql, params) => query(...poisoned(sql, params)));
    const transactionSpy = jest
      .spyOn(pglite, 'transaction')
      .mockImplementation(((work: (tx: PgliteQuery) => Promise<unknown>) =>
        transaction((tx) => work({ query: (sql, params) => tx.query(...poisoned(sql, params)) }))) as PgliteLike['transaction']);
    try {
      const before = await registry.eventCount();
      internal(await registry.gql(LOCALIZATION, { input: { ...place, idempotencyKey: IDEMPOTENCY } }, tokens.owner));
      internal(await registry.gql(LOCALIZATION, { input: place }, tokens.owner));
      expect(await registry.eventCount()).toBe(before);
    } finally {
      querySpy.mockRestore();
      transactionSpy.mockRestore();
    }
  });

  it('a store that throws an error naming the restricted values and the SQL parameters, on a write and on a read with a token: INTERNAL', async () => {
    const leaky = () =>
      Object.assign(new Error(`INSERT INTO es_events failed for facility ${FACILITY}, filing ${FILING}; params ["${IDEMPOTENCY}", "Bearer ${tokens.owner}"]`), {
        query: 'INSERT INTO es_events (stream_id, data) VALUES ($1, $2)',
        params: [FILING, CUSTODIAN, IDEMPOTENCY],
        detail: `Failing row contains (${FACILITY}, ${CUSTODIAN}).`,
      });
    const append = jest.spyOn(registry.store, 'appendToStream').mockImplementation(() => Promise.reject(leaky()));
    const read = jest.spyOn(registry.store, 'readStream').mockImplementation(() => Promise.reject(leaky()));
    try {
      const before = await registry.eventCount();
      internal(await registry.gql(BASIS, { input: basis }, tokens.owner));
      const r = await registry.gql(READ_LOCALIZATION, {}, tokens.registrar);
      internal(r);
      expect(await registry.eventCount()).toBe(before);
    } finally {
      append.mockRestore();
      read.mockRestore();
    }
  });

  it('refusals carrying a token: expired, forged, without expiry (401) and a firm writing another firm’s record (403)', async () => {
    for (const [token, reason] of [
      [tokens.expired, 'AUTH.TOKEN_EXPIRED'],
      [tokens.forged, 'AUTH.INVALID_TOKEN'],
      [tokens.withoutExpiry, 'AUTH.TOKEN_WITHOUT_EXPIRY'],
    ] as const) {
      const r = await registry.refused(() => registry.gql(LOCALIZATION, { input: place }, token), `UNAUTHENTICATED/${reason}`);
      expect(r.status).toBe(401);
    }
    await registry.refused(() => registry.gql(LOCALIZATION, { input: place }, tokens.otherFirm), 'FORBIDDEN/LOCALISATION.NOT_MODEL_OWNER');
    // Outside GraphQL too: an unknown route asked with a token.
    const notFound = await fetch(registry.url.replace('/graphql', '/nowhere'), {
      headers: { authorization: `Bearer ${tokens.registrar}`, cookie: `session=${tokens.owner}` },
    });
    expect(notFound.status).toBe(404);
  });

  it('the same restricted data written successfully, then read back by an entitled caller', async () => {
    const written = await registry.gql(LOCALIZATION, { input: place }, tokens.owner);
    expect(written.errors).toBeUndefined();
    expect(written.data.recordWeightsLocalization.facility).toBe(FACILITY);
    const filed = await registry.gql(BASIS, { input: basis }, tokens.owner);
    expect(filed.errors).toBeUndefined();
    expect(filed.data.recordDataTransferBasis.filingReference).toBe(FILING);
  });

  it('WebSocket connections carrying tokens (connectionParams, the upgrade URL, headers, a subprotocol, a variable): accepted, refused, expired', async () => {
    const url = registry.url.replace(/^http/, 'ws');
    const connection = async (token: string, options: { query?: string; headers?: Record<string, string>; protocols?: string[] } = {}) => {
      const ws = new WebSocket(`${url}${options.query ?? ''}`, ['graphql-transport-ws', ...(options.protocols ?? [])], { headers: options.headers ?? {} });
      const messages: { id?: string; type: string; payload?: any }[] = [];
      const closes: number[] = [];
      ws.on('message', (data) => messages.push(JSON.parse((data as Buffer).toString())));
      ws.on('close', (code) => closes.push(code));
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
      const deadline = Date.now() + 5000;
      while (!messages.some((m) => m.type === 'connection_ack') && closes.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return { ws, messages, closes };
    };
    const closed = async (c: { ws: WebSocket; closes: number[] }) => {
      if (c.closes.length === 0) c.ws.close(1000);
      const deadline = Date.now() + 5000;
      while (c.closes.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return c.closes;
    };

    const accepted = await connection(tokens.registrar, {
      query: `?access_token=${tokens.registrar}`,
      headers: { authorization: `Bearer ${tokens.owner}`, cookie: `session=${tokens.otherFirm}` },
      protocols: [`base64url.bearer.authorization.${tokens.registrar.replace(/\./g, '-')}`],
    });
    expect(accepted.messages.map((m) => m.type)).toEqual(['connection_ack']);
    // A token as a subscription's variable: refused as input, and not logged either.
    accepted.ws.send(
      JSON.stringify({
        id: 'leak',
        type: 'subscribe',
        payload: { query: 'subscription($id: ID!) { certificationChanged(id: $id) { position } }', variables: { id: tokens.owner } },
      }),
    );
    const deadline = Date.now() + 5000;
    while (!accepted.messages.some((m) => m.id === 'leak') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // Refused by the argument's validation (an id is at most 128 characters), as a `next` carrying the error.
    expect(accepted.messages.find((m) => m.id === 'leak')?.payload.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await closed(accepted)).toEqual([1000]);
    for (const token of [tokens.forged, tokens.expired, tokens.withoutExpiry]) expect(await closed(await connection(token))).toEqual([4403]);
    // The capture saw the connections: one line each, naming the subject when there was one.
    await new Promise((r) => setTimeout(r, 50));
    const lines = mockPinoLines.map((line) => JSON.parse(line) as Record<string, any>).filter((entry) => entry.websocket);
    expect(lines.map((l) => [l.websocket.outcome, l.subject ?? null])).toEqual([
      ['closed', 'registrar-hk'],
      ['AUTH.INVALID_TOKEN', null],
      ['AUTH.TOKEN_EXPIRED', null],
      ['AUTH.TOKEN_WITHOUT_EXPIRY', null],
    ]);
    // The URL is logged without its query string.
    expect(lines[0].req.url).toBe('/graphql');
  });

  it('logged each unexpected failure once, by its error id, code and frames, and none of the secrets anywhere', async () => {
    const pino = mockPinoLines.join('');
    const everything = pino + otherChannels.join('');
    // The scan below means something only if the capture saw the failures being logged.
    expect(mockPinoLines.filter((line) => JSON.parse(line).level === 50).length).toBeGreaterThanOrEqual(4);
    const tokenTexts = Object.entries(tokens).flatMap(([name, token]): [string, string][] => [
      [`${name} token`, token],
      [`${name} token signature`, token.split('.')[2]],
    ]);
    const secrets: [string, string][] = [
      ...tokenTexts,
      ['facility', FACILITY],
      ['custodian', CUSTODIAN],
      ['filing reference', FILING],
      ['idempotency key (an SQL parameter)', IDEMPOTENCY],
      ['the events payload parameter', '"eventId"'],
    ];
    const leaks = secrets.filter(([, text]) => everything.includes(text)).map(([what]) => what);
    if (/bearer /i.test(everything)) leaks.push('"Bearer "');
    expect(leaks).toEqual([]);

    // The capture works and the failures were logged: each error id on an error-level line (50).
    expect(internalErrorIds).toHaveLength(4);
    for (const errorId of internalErrorIds) expect(errorId).toMatch(/^[0-9a-f-]{36}$/);
    const errorLines = mockPinoLines.map((line) => JSON.parse(line)).filter((entry) => entry.level === 50);
    for (const errorId of internalErrorIds) expect(errorLines.filter((entry) => entry.errorId === errorId)).toHaveLength(1);
    // The PGlite failure keeps what an operator needs: its SQLSTATE and where it was thrown.
    const pgliteLine = errorLines.find((entry) => entry.errorId === internalErrorIds[0]);
    expect(pgliteLine.error).toMatchObject({ code: '22P02' });
    expect(pgliteLine.error.frames.length).toBeGreaterThan(0);
    // Request lines do carry the headers, with the credentials replaced.
    expect(pino).toContain('"authorization":"[redacted]"');
  });
});
