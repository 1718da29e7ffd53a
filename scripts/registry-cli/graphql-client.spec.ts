import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { GraphQLClient, RegistryRefusal } from './graphql-client';

/** A local HTTP server answering from a script of responses, recording what it was sent. */
const serve = async (script: ((req: IncomingMessage, res: ServerResponse, body: string) => void)[]) => {
  const seen: { authorization?: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ authorization: req.headers.authorization, body });
      (script[seen.length - 1] ?? script[script.length - 1])(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, seen, close: () => new Promise((r) => server.close(r)) };
};
const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (_: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

describe('GraphQLClient', () => {
  it('retries a busy answer (503, 429 with Retry-After) and sends the same request with the bearer token', async () => {
    const server = await serve([json(503, {}), json(429, {}, { 'retry-after': '0' }), json(200, { data: { ok: true } })]);
    try {
      const data = await new GraphQLClient(server.url, 'tok').request('{ ok }', { a: 1 });
      expect(data).toEqual({ ok: true });
      expect(server.seen).toHaveLength(3);
      expect(new Set(server.seen.map((s) => s.body))).toEqual(new Set([JSON.stringify({ query: '{ ok }', variables: { a: 1 } })]));
      expect(server.seen.every((s) => s.authorization === 'Bearer tok')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('turns a GraphQL error into a RegistryRefusal with CODE/REASON, without retrying it', async () => {
    const server = await serve([json(200, { errors: [{ message: 'nope', extensions: { code: 'FORBIDDEN', reason: 'CERTIFICATION.NOT_THE_CERTIFIER' } }] })]);
    try {
      const error = await new GraphQLClient(server.url, undefined).request('{ x }').catch((e) => e);
      expect(error).toBeInstanceOf(RegistryRefusal);
      expect(error).toMatchObject({ code: 'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER', message: 'nope' });
      expect(server.seen).toHaveLength(1);
      expect(server.seen[0].authorization).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('gives up after its retries on an unreachable registry (CLI.UNREACHABLE), and names a non-GraphQL answer', async () => {
    const server = await serve([(_, res) => res.end('<html>')]);
    const url = server.url;
    try {
      await expect(new GraphQLClient(url, 't').request('{ x }')).rejects.toMatchObject({ code: 'HTTP/200' });
    } finally {
      await server.close();
    }
    await expect(new GraphQLClient(url, 't', 1).request('{ x }')).rejects.toMatchObject({ code: 'CLI.UNREACHABLE' });
  });
});

describe('GraphQLClient retryable refusals', () => {
  it('sends again after a lost race (STALE_DECISION_TIME), but not after a real refusal', async () => {
    const stale = json(200, { errors: [{ message: 'decide again now', extensions: { code: 'CONFLICT', reason: 'EVENT_STORE.STALE_DECISION_TIME' } }] });
    const server = await serve([stale, stale, json(200, { data: { ok: 1 } })]);
    try {
      expect(await new GraphQLClient(server.url, 't').request('{ ok }')).toEqual({ ok: 1 });
      expect(server.seen).toHaveLength(3);
    } finally {
      await server.close();
    }
    const always = await serve([stale]);
    try {
      await expect(new GraphQLClient(always.url, 't', 2).request('{ ok }')).rejects.toMatchObject({ code: 'CONFLICT/EVENT_STORE.STALE_DECISION_TIME' });
      expect(always.seen).toHaveLength(3);
    } finally {
      await always.close();
    }
  });
});
