import { Server } from 'node:http';
import { GracefulShutdown } from '../../apps/registry-api/src/infrastructure/graceful-shutdown';
import { HistoryService } from '../../apps/registry-api/src/history/history.service';
import { VerdictService } from '../../apps/registry-api/src/verdicts/verdict.service';
import { RunningRegistry } from './support/registry';

const post = (url: string, query: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) }).then(async (r) => ({
    status: r.status,
    retryAfter: r.headers.get('retry-after'),
    body: (await r.json()) as { data?: unknown; errors?: { extensions: { code: string; reason: string } }[] },
  }));

const SLOW = `{ firm(id: "harbour-lending") { id history { type } } }`;

/**
 * Makes every history read take `ms`, so a request is still in flight when the shutdown starts. Resolves when the
 * first read has begun: the request is then inside the server (a fixed wait is not enough on a loaded machine).
 */
const slowHistory = (registry: RunningRegistry, ms: number): Promise<void> => {
  const history = registry.app.get(HistoryService);
  const eventsOf = history.eventsOf.bind(history);
  let reached!: () => void;
  const inside = new Promise<void>((resolve) => (reached = resolve));
  jest.spyOn(history, 'eventsOf').mockImplementation(async (ids) => {
    reached();
    await new Promise((r) => setTimeout(r, ms));
    return eventsOf(ids);
  });
  return inside;
};

describe('graceful shutdown (what SIGTERM runs)', () => {
  it('answers 503 to requests that arrive while draining, lets in-flight ones finish, then stops accepting', async () => {
    const registry = await RunningRegistry.start({ seedDemo: true, env: { SHUTDOWN_DRAIN: '1', SHUTDOWN_GRACE_PERIOD: '10' } });
    const inside = slowHistory(registry, 1500);
    const inFlight = post(registry.url, SLOW);
    await inside;
    const stopped = registry.app.get(GracefulShutdown).stop(registry.app, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    // 0.3 s after SIGTERM: a clear refusal, not an empty reply.
    const late = await post(registry.url, '{ __typename }');
    expect(late.status).toBe(503);
    expect(late.retryAfter).toBe('1');
    expect(late.body.errors?.[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', reason: 'SERVER.SHUTTING_DOWN' });
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.body.data).toEqual({ firm: { id: 'harbour-lending', history: [{ type: 'FirmRegistered' }] } });
    expect(await stopped).toBe(0);
    expect((registry.app.getHttpServer() as Server).listening).toBe(false);
    // The verdict facts closed against the signal's deadline (a snapshot due or in flight may finish by it), not at once.
    const shutdown = registry.app.get(GracefulShutdown);
    expect((registry.app.get(VerdictService) as unknown as { shutdown?: GracefulShutdown }).shutdown).toBe(shutdown);
    expect(shutdown.deadline).toEqual(expect.any(Number));
    await expect(post(registry.url, '{ __typename }')).rejects.toThrow();
    await registry.stop();
  });

  it('cuts off what is still running at the grace period and says so in its exit code', async () => {
    const registry = await RunningRegistry.start({ seedDemo: true, env: { SHUTDOWN_DRAIN: '0', SHUTDOWN_GRACE_PERIOD: '1' } });
    const inside = slowHistory(registry, 4000);
    const inFlight = post(registry.url, SLOW).catch((error: Error) => error);
    await inside;
    const started = Date.now();
    expect(await registry.app.get(GracefulShutdown).stop(registry.app, 'SIGTERM')).toBe(1);
    expect(Date.now() - started).toBeLessThan(3000);
    // fetch's TypeError comes from Node's realm, not jest's: compare by name.
    expect(((await inFlight) as Error).name).toBe('TypeError');
    await registry.stop();
  });
});
