import { RunningRegistry } from './support/registry';

/** What a GraphQL client gets when its request never reaches GraphQL: still a GraphQL error, with a reason. */
describe('request bodies the parser refuses', () => {
  let registry: RunningRegistry;
  beforeAll(async () => (registry = await RunningRegistry.start()));
  afterAll(() => registry.stop());

  const send = async (body: string) => {
    const response = await fetch(registry.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return {
      status: response.status,
      poweredBy: response.headers.get('x-powered-by'),
      body: (await response.json()) as { errors?: { message: string; extensions: { code: string; reason: string } }[] },
    };
  };

  it('answers a body over 100 KB with 413 and a GraphQL error', async () => {
    const r = await send(JSON.stringify({ query: `{ __typename } # ${'x'.repeat(150_000)}` }));
    expect(r.status).toBe(413);
    expect(r.body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'REQUEST.TOO_LARGE' });
    expect(r.poweredBy).toBeNull();
  });

  it('answers a body that is not JSON with 400 and a GraphQL error', async () => {
    const r = await send('{"query": ');
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'REQUEST.MALFORMED' });
    expect(r.body.errors?.[0].message).toMatch(/not valid JSON/);
  });
});
