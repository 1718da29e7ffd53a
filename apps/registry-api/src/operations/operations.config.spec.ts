import { loadOperationsConfig } from './operations.config';
import { BoundedLabel, routeOf } from './metrics';

describe('operations configuration', () => {
  it('defaults: development, CORS off, projections may lag 30 s, log format chosen by the terminal', () => {
    expect(loadOperationsConfig({})).toEqual({
      development: true,
      cors: { kind: 'none' },
      maxProjectionLag: { unit: 'seconds', value: 30 },
      logFormat: 'auto',
    });
    expect(loadOperationsConfig({ NODE_ENV: 'production' }).development).toBe(false);
  });

  it('CORS_ORIGINS: * or a list of origins; anything else is refused naming the variable', () => {
    expect(loadOperationsConfig({ CORS_ORIGINS: '*' }).cors).toEqual({ kind: 'any' });
    expect(loadOperationsConfig({ CORS_ORIGINS: 'https://ui.example.hk/, http://localhost:5173' }).cors).toEqual({
      kind: 'list',
      origins: ['https://ui.example.hk', 'http://localhost:5173'],
    });
    expect(() => loadOperationsConfig({ CORS_ORIGINS: 'https://ui.example.hk/path' })).toThrow(/^CORS_ORIGINS must be .*"https:\/\/ui.example.hk\/path"/);
    expect(() => loadOperationsConfig({ CORS_ORIGINS: 'ui.example.hk' })).toThrow(/^CORS_ORIGINS/);
  });

  it('HEALTH_MAX_PROJECTION_LAG: a number of events or a duration', () => {
    expect(loadOperationsConfig({ HEALTH_MAX_PROJECTION_LAG: '1000' }).maxProjectionLag).toEqual({ unit: 'events', value: 1000 });
    expect(loadOperationsConfig({ HEALTH_MAX_PROJECTION_LAG: '50 events' }).maxProjectionLag).toEqual({ unit: 'events', value: 50 });
    expect(loadOperationsConfig({ HEALTH_MAX_PROJECTION_LAG: '2m' }).maxProjectionLag).toEqual({ unit: 'seconds', value: 120 });
    expect(loadOperationsConfig({ HEALTH_MAX_PROJECTION_LAG: '500ms' }).maxProjectionLag).toEqual({ unit: 'seconds', value: 0.5 });
    for (const bad of ['0', '1.5', 'soon', '10ms', '2d', '-3'])
      expect(() => loadOperationsConfig({ HEALTH_MAX_PROJECTION_LAG: bad })).toThrow(/^HEALTH_MAX_PROJECTION_LAG must be/);
  });

  it('LOG_FORMAT: auto, json or pretty', () => {
    expect(loadOperationsConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadOperationsConfig({ LOG_FORMAT: 'xml' })).toThrow(/^LOG_FORMAT/);
  });
});

describe('metric labels stay bounded', () => {
  it('admits the first N well-formed values, then answers "other"; a malformed value is "other" at once', () => {
    const label = new BoundedLabel(2, /^[A-Za-z]+$/);
    expect(['A', 'B', 'A', 'C', 'B', 'not valid'].map((v) => label.of(v))).toEqual(['A', 'B', 'A', 'other', 'B', 'other']);
  });

  it('routes are families, never paths', () => {
    expect(
      ['/graphql', '/', '/metrics', '/health/ready', '/.well-known/jwks.json', '/status/revocation/7', '/log/checkpoint', '/firm/acme?x=1'].map(routeOf),
    ).toEqual(['graphql', 'home', 'metrics', 'health', 'well_known', 'status_list', 'transparency_log', 'other']);
  });
});
