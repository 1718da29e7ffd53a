import { exportErrorCode, redactAttributes, redactEvents, redactQuery, redactUrl, routeOf } from './tracing.redaction';

describe('what a span may carry out of the process', () => {
  it('names the routes by template, never by the ids in the path', () => {
    expect(routeOf('/graphql')).toBe('/graphql');
    expect(routeOf('/')).toBe('/');
    expect(routeOf('/health/ready')).toBe('/health/ready');
    expect(routeOf('/.well-known/jwks.json')).toBe('/.well-known/jwks.json');
    expect(routeOf('/status/revocation/3')).toBe('/status/:purpose/:list');
    expect(routeOf('/log/tile/0/x001/234')).toBe('/log/tile/*path');
    expect(routeOf('/log/checkpoint')).toBe('/log/checkpoint');
    expect(routeOf('/sandbox/runs/run-42/predictions')).toBe('/sandbox/runs/:runId/predictions');
    expect(routeOf('/sandbox/suites/credit/versions/3/features.csv')).toBe('/sandbox/suites/:suiteId/versions/:version/features.csv');
    expect(routeOf('/public-sector/baseline.json')).toBe('/public-sector/baseline.json');
    // The web registry's pages and anything unknown: no route (the span keeps the method alone).
    for (const path of ['/firms/acme', '/graphql/extra', '/health/other', '/status/x', '/../graphql', '/log/tile/']) expect(routeOf(path)).toBeUndefined();
  });

  it('keeps which query parameters were sent, never their values', () => {
    expect(redactQuery('query=%7B__typename%7D&variables=%7B%22facility%22%3A%22DC-1%22%7D')).toBe('query=REDACTED&variables=REDACTED');
    expect(redactQuery('?a=1&&flag&b=')).toBe('a=REDACTED&flag=REDACTED&b=REDACTED');
    expect(redactQuery('')).toBe('');
  });

  it('strips the user part, the fragment and every query value from a URL; drops one that does not parse', () => {
    expect(redactUrl('https://user:pw@models.example.hk:8443/predict?api_key=abc&x=1#frag')).toBe(
      'https://models.example.hk:8443/predict?api_key=REDACTED&x=REDACTED',
    );
    expect(redactUrl('http://127.0.0.1:4318/v1/traces')).toBe('http://127.0.0.1:4318/v1/traces');
    expect(redactUrl('not a url with secret')).toBe('REDACTED');
  });

  it('redacts URL attributes, drops header and variable attributes, and leaves the rest as it was', () => {
    const attributes = {
      'url.full': 'https://u:p@host/x?token=t1',
      'url.query': 'variables=%7B%22id%22%3A1%7D',
      'http.target': '/graphql?query=q&variables=v',
      'http.request.header.authorization': ['Bearer abc'],
      'http.response.header.set-cookie': ['sid=1'],
      'graphql.variables.input.facility': 'DC-1',
      'http.route': '/graphql',
      'http.response.status_code': 200,
    };
    expect(redactAttributes(attributes)).toEqual({
      'url.full': 'https://host/x?token=REDACTED',
      'url.query': 'variables=REDACTED',
      'http.target': '/graphql?query=REDACTED&variables=REDACTED',
      'http.route': '/graphql',
      'http.response.status_code': 200,
    });
    // Not changed in place: the SDK's other processors hold the same span.
    expect(attributes['graphql.variables.input.facility']).toBe('DC-1');
    const clean = { 'url.path': '/graphql', 'http.route': '/graphql' };
    expect(redactAttributes(clean)).toBe(clean);
  });

  it("keeps only the count of a failed validation's errors (their messages quote the document's values)", () => {
    const message = JSON.stringify([{ message: 'String cannot represent a non string value: "DC-1 secret"' }, { message: 'second' }]);
    const events = [
      {
        name: 'exception',
        time: [0, 0],
        attributes: { 'exception.type': 'graphql.validation.error', 'exception.message': message, 'exception.stacktrace': 'at x' },
      },
      { name: 'exception', time: [0, 0], attributes: { 'exception.type': 'RegistryError', 'exception.message': 'FIRM.NOT_FOUND' } },
    ];
    expect(redactEvents(events)).toEqual([
      { name: 'exception', time: [0, 0], attributes: { 'exception.type': 'graphql.validation.error', 'exception.message': '2 validation error(s)' } },
      events[1],
    ]);
    expect(events[0].attributes['exception.message']).toBe(message);
    const untouched = [events[1]];
    expect(redactEvents(untouched)).toBe(untouched);
  });

  it('reduces a failed export to a code: never its message, the URL or the collector answer', () => {
    const httpError = Object.assign(new Error('Forbidden'), { name: 'OTLPExporterError', code: 403, data: '{"detail":"token abc is invalid"}' });
    expect(exportErrorCode(httpError)).toBe('HTTP_403');
    expect(exportErrorCode(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4318'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(exportErrorCode(new Error('Request timed out'))).toBe('TIMEOUT');
    expect(exportErrorCode(new Error('Export failed with retryable status'))).toBe('RETRYABLE_STATUS');
    expect(exportErrorCode(new Error('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ENOTFOUND' }) }))).toBe('ENOTFOUND');
    expect(exportErrorCode(Object.assign(new Error('x'), { code: 'https://user:pw@host lowercase and long' }))).toBe('UNKNOWN');
    expect(exportErrorCode(new Error('something with http://user:secret@collector'))).toBe('UNKNOWN');
    expect(exportErrorCode(undefined)).toBe('UNKNOWN');
    expect(exportErrorCode('a string')).toBe('UNKNOWN');
  });
});
