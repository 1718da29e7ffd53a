import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { NOT_BUILT_MESSAGE, webRegistryMiddleware } from './web-registry.middleware';

/** Just enough of Express's request and response to see what the middleware decides (no server). */
const call = (root: string | null, path: string, accept = 'text/html', method = 'GET') => {
  const answer: { status?: number; body?: unknown; type?: string; sentFile?: string; next: boolean } = { next: false };
  const req = {
    method,
    originalUrl: path,
    accepts: (types: string[] | string) => {
      const list = Array.isArray(types) ? types : [types];
      return list.find((t) => accept === '*/*' || accept.includes(t.replace(/^application\//, '').replace(/^text\//, ''))) ?? false;
    },
  } as unknown as Request;
  const res = {
    status(code: number) {
      answer.status = code;
      return this;
    },
    type(type: string) {
      answer.type = type;
      return this;
    },
    set() {
      return this;
    },
    setHeader() {},
    getHeader() {},
    removeHeader() {},
    send(body: unknown) {
      answer.body = body;
      return this;
    },
    sendFile(file: string) {
      answer.sentFile = file;
    },
  } as unknown as Response;
  webRegistryMiddleware(root)(req, res, () => {
    answer.next = true;
  });
  return answer;
};

describe('webRegistryMiddleware', () => {
  const built = mkdtempSync(join(tmpdir(), 'web-build-'));
  writeFileSync(join(built, 'index.html'), '<div id="root"></div>');

  it.each([
    '/graphql',
    '/graphql?query={status{store}}',
    '/health/ready',
    '/metrics',
    '/log/checkpoint',
    '/status/revocation/1',
    '/.well-known/jwks.json',
    '/public-sector/baseline.csv',
    '/public-sector/baseline.json?asOf=2027-01-01',
  ])('never answers %s, even for a browser', (path) => {
    expect(call(built, path)).toEqual({ next: true });
    expect(call(null, path)).toEqual({ next: true });
  });

  it('answers the app for the app’s routes, and leaves writes and unknown paths for programs to Nest', () => {
    expect(call(built, '/certifications/pearl-chat-1-0-hkai').sentFile).toBe('index.html');
    expect(call(built, '/explain?model=x').sentFile).toBe('index.html');
    expect(call(built, '/public-sector?date=2027-01-01').sentFile).toBe('index.html');
    expect(call(built, '/certifications/x', 'text/html', 'POST')).toEqual({ next: true });
    expect(call(built, '/no-such-page', 'application/json')).toEqual({ next: true });
    expect(call(built, '/', 'application/json')).toEqual({ next: true });
  });

  it.each(['/certifications/%', '/models/%ZZ', '/recognitions/%E0%A4%A', '/%', '/explain/%C0%AF', '/assets/%'])(
    'a path with a broken percent-escape (%s): the app’s "page not found" (404) for a browser, Nest for a program',
    (path) => {
      expect(call(built, path)).toMatchObject({ status: 404, sentFile: 'index.html', next: false });
      expect(call(built, path, 'application/json')).toEqual({ next: true });
      // Without a build nothing can show the page: Nest answers (never the 503 of the app's routes).
      expect(call(null, path)).toEqual({ next: true });
    },
  );

  it('a broken escape under a reserved path is still left to the API', () => {
    expect(call(built, '/graphql/%')).toEqual({ next: true });
    expect(call(built, '/log/%ZZ')).toEqual({ next: true });
  });

  it('without a build: a plain 503 saying how to build it on the app’s routes, the home page at /', () => {
    expect(call(null, '/explain')).toEqual({ status: 503, type: 'text/plain', body: NOT_BUILT_MESSAGE, next: false });
    expect(NOT_BUILT_MESSAGE).toContain('npm run build');
    expect(call(null, '/')).toEqual({ next: true });
    expect(call(null, '/assets/index-abc.js')).toEqual({ next: true });
  });
});
