import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { EndpointFailure } from './endpoint-runner';
import { endpointProblem, guardedPost, isPublicAddress } from './endpoint-guard';

describe('sandbox endpoint guard (server-side request forgery)', () => {
  it.each([
    ['8.8.8.8', true],
    ['2001:4860:4860::8888', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['255.255.255.255', false],
    ['224.0.0.1', false],
    ['::1', false],
    ['::', false],
    ['fc00::1', false],
    ['fe80::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:8.8.8.8', true],
    ['not an address', false],
  ])('%s is public: %s', (address, expected) => expect(isPublicAddress(address)).toBe(expected));

  it('refuses literal and named private hosts where a run is requested, unless allowed', async () => {
    expect(await endpointProblem('http://127.0.0.1:9/x', false)).toMatch(/public address; 127\.0\.0\.1 is not/);
    expect(await endpointProblem('http://[::1]:9/x', false)).toMatch(/public address/);
    expect(await endpointProblem('http://localhost:9/x', false)).toMatch(/localhost resolves to/);
    expect(await endpointProblem('http://no-such-host.invalid/x', false)).toMatch(/could not be resolved/);
    expect(await endpointProblem('http://8.8.8.8/x', false)).toBeUndefined();
    expect(await endpointProblem('http://127.0.0.1:9/x', true)).toBeUndefined();
  });

  describe('the calls themselves', () => {
    let server: Server;
    let port: number;
    const hits: string[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        hits.push(req.url ?? '');
        if (req.url === '/redirect') return res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
        if (req.url === '/big') return res.end('x'.repeat(5000));
        if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000).unref();
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => res.end(JSON.stringify({ echo: body })));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    });

    it('never connects to a private address when not allowed, by literal or by name (checked at connect time)', async () => {
      hits.length = 0;
      for (const host of ['127.0.0.1', 'localhost']) {
        const error = await guardedPost(false)(`http://${host}:${port}/ok`, '{}', 1000, 1000).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(EndpointFailure);
        expect((error as EndpointFailure).reason).toBe('ENDPOINT_FORBIDDEN_ADDRESS');
      }
      expect(hits).toEqual([]);
    });

    it('calls an allowed address, posts the body and reads the answer', async () => {
      expect(await guardedPost(true)(`http://localhost:${port}/ok`, '{"a":1}', 1000, 1000)).toEqual({ status: 200, text: '{"echo":"{\\"a\\":1}"}' });
    });

    it('does not follow redirects, limits the answer and the time', async () => {
      expect((await guardedPost(true)(`http://127.0.0.1:${port}/redirect`, '{}', 1000, 1000)).status).toBe(302);
      const big = await guardedPost(true)(`http://127.0.0.1:${port}/big`, '{}', 1000, 1000).catch((e: unknown) => e);
      expect((big as EndpointFailure).reason).toBe('ENDPOINT_BAD_ANSWER');
      const slow = await guardedPost(true)(`http://127.0.0.1:${port}/slow`, '{}', 200, 1000).catch((e: unknown) => e);
      expect((slow as Error).name).toBe('TimeoutError');
    });
  });
  /**
   * Model servers that break the exchange: the sandbox must settle each call (an answer or an error it can
   * classify) and nothing may be left emitting 'error' without a listener, which would kill the whole process.
   */
  describe('servers that break the connection', () => {
    let server: Server;
    let port: number;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      server = createServer((req, res) => {
        // Answer at once, before reading the body, then close (a FIN or a reset): the client is still writing.
        if (req.url === '/early-404-close') return void (res.writeHead(404).end(), req.socket.destroy());
        if (req.url === '/early-404-reset') return void (res.writeHead(404).end(), setTimeout(() => req.socket.resetAndDestroy(), 1));
        if (req.url === '/early-503-reset') return void (res.writeHead(503).end(), setTimeout(() => req.socket.resetAndDestroy(), 1));
        // A 200 whose body is cut off by a reset.
        if (req.url === '/reset-mid-answer') {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
          res.write('{"predictions":[');
          return void setTimeout(() => req.socket.resetAndDestroy(), 5);
        }
        // A reset before any answer, after the body was read.
        req.resume();
        req.on('end', () => req.socket.resetAndDestroy());
      });
      server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    });

    /** Several calls at once with a body of some megabytes (a batch of 10,000 applicants is ~5 MB), then a pause for late errors. */
    const calls = async (path: string) => {
      const body = JSON.stringify({ rows: 'x'.repeat(5 * 1024 * 1024) });
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () =>
          guardedPost(true)(`http://127.0.0.1:${port}${path}`, body, 5000, 1_000_000).then(
            (a) => ({ status: a.status }),
            (e: Error & { code?: string }) => ({ error: e.code ?? e.name }),
          ),
        ),
      );
      // A socket error after the call settled came here, in the old code, with no listener: an uncaught exception.
      await new Promise((r) => setTimeout(r, 300));
      return outcomes;
    };

    it.each(['/early-404-close', '/early-404-reset'])('%s: an early refusal is the HTTP error it is, and nothing is left to throw', async (path) => {
      expect(await calls(path)).toEqual(Array.from({ length: 6 }, () => ({ status: 404 })));
    });

    it('an early 503 and a reset: the status, which the runner retries', async () => {
      expect(await calls('/early-503-reset')).toEqual(Array.from({ length: 6 }, () => ({ status: 503 })));
    });

    it('a 2xx answer cut off by a reset, and a reset before any answer: network errors, not hangs', async () => {
      for (const path of ['/reset-mid-answer', '/reset-before-answer']) {
        const outcomes = await calls(path);
        for (const o of outcomes) expect(o).toEqual({ error: expect.stringMatching(/^(ECONNRESET|EPIPE)$/) });
      }
    });

    it('leaves no connection open behind a settled call', async () => {
      await calls('/early-404-reset');
      expect(sockets.size).toBe(0);
    });
  });
});
