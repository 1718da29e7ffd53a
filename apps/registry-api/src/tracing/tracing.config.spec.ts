import { describeTracing, EnabledTracing, loadTracingConfig, tracesUrl } from './tracing.config';

const enabled = (env: NodeJS.ProcessEnv): EnabledTracing => {
  const config = loadTracingConfig(env);
  if (!config.enabled) throw new Error('expected tracing to be on');
  return config;
};

describe('tracing configuration (OTEL_* variables)', () => {
  it('is off without an exporter, whatever else is set', () => {
    expect(loadTracingConfig({})).toEqual({ enabled: false });
    expect(loadTracingConfig({ OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER: 'always_on', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toEqual({
      enabled: false,
    });
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_TRACES_EXPORTER: '  ' })).toEqual({ enabled: false });
  });

  it('is on with an endpoint, sending to its /v1/traces with the defaults', () => {
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({
      enabled: true,
      serviceName: 'hk-ai-registry',
      exporters: ['otlp'],
      otlpUrl: 'http://collector:4318/v1/traces',
      protocol: 'http/protobuf',
      exportTimeoutMs: 10_000,
    });
    expect(enabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector.example/otlp/' }).otlpUrl).toBe('https://collector.example/otlp/v1/traces');
  });

  it('takes the traces endpoint as it is, and the traces-specific protocol and timeout over the general ones', () => {
    const config = enabled({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://general:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom/path',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TIMEOUT: '5000',
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '2500',
      OTEL_SERVICE_NAME: 'registry-eu',
    });
    expect(config).toMatchObject({ otlpUrl: 'http://traces:4318/custom/path', protocol: 'http/json', exportTimeoutMs: 2500, serviceName: 'registry-eu' });
  });

  it('is on with OTEL_TRACES_EXPORTER alone (the specification default endpoint) and takes a list', () => {
    expect(enabled({ OTEL_TRACES_EXPORTER: 'otlp' }).otlpUrl).toBe('http://localhost:4318/v1/traces');
    expect(enabled({ OTEL_TRACES_EXPORTER: 'console' }).exporters).toEqual(['console']);
    expect(enabled({ OTEL_TRACES_EXPORTER: ' OTLP , console,otlp' }).exporters).toEqual(['otlp', 'console']);
  });

  it('is off when disabled or when the exporter is none, even with an endpoint', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };
    expect(loadTracingConfig({ ...endpoint, OTEL_SDK_DISABLED: 'true' })).toEqual({ enabled: false });
    expect(loadTracingConfig({ ...endpoint, OTEL_SDK_DISABLED: 'TRUE' })).toEqual({ enabled: false });
    expect(loadTracingConfig({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toEqual({ enabled: false });
    expect(enabled({ ...endpoint, OTEL_SDK_DISABLED: 'false' }).exporters).toEqual(['otlp']);
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }, /^OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL .*, got "not a url"$/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector:4318' }, /^OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'javascript:alert(1)' }, /^OTEL_EXPORTER_OTLP_ENDPOINT must be/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '127.0.0.1:4318' }, /^OTEL_EXPORTER_OTLP_ENDPOINT must be/],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://' }, /^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be/],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, /^OTEL_EXPORTER_OTLP_PROTOCOL: grpc is not supported/],
    [{ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/xml' }, /^OTEL_EXPORTER_OTLP_TRACES_PROTOCOL must be one of http\/protobuf, http\/json/],
    [{ OTEL_TRACES_EXPORTER: 'jaeger' }, /^OTEL_TRACES_EXPORTER must be a comma-separated list of otlp, console, none/],
    [{ OTEL_TRACES_EXPORTER: 'none,otlp' }, /^OTEL_TRACES_EXPORTER: none cannot be combined/],
    [{ OTEL_SDK_DISABLED: 'maybe' }, /^OTEL_SDK_DISABLED must be true or false, got "maybe"$/],
    [{ OTEL_EXPORTER_OTLP_TIMEOUT: '10s' }, /^OTEL_EXPORTER_OTLP_TIMEOUT must be a whole number of milliseconds/],
    [{ OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '0' }, /^OTEL_EXPORTER_OTLP_TRACES_TIMEOUT must be a whole number of milliseconds/],
    [{ OTEL_TRACES_SAMPLER: 'always-on' }, /^OTEL_TRACES_SAMPLER must be one of always_on/],
    [{ OTEL_TRACES_SAMPLER_ARG: '1.5' }, /^OTEL_TRACES_SAMPLER_ARG must be a probability from 0 to 1/],
    [{ OTEL_TRACES_SAMPLER_ARG: 'NaN' }, /^OTEL_TRACES_SAMPLER_ARG must be a probability/],
    [{ OTEL_SERVICE_NAME: 'a'.repeat(256) }, /^OTEL_SERVICE_NAME must be at most 255 characters, got "a{80}…"$/],
    [{ OTEL_SERVICE_NAME: 'registry\u001b[31m' }, /^OTEL_SERVICE_NAME must not contain control characters/],
  ])('refuses %j with one message naming the variable', (env, message) => {
    expect(() => loadTracingConfig(env)).toThrow(message);
  });

  it('refuses a bad value even when tracing is disabled (the configuration is wrong either way)', () => {
    expect(() => loadTracingConfig({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'nope' })).toThrow(/^OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('never repeats credentials from a URL in its message', () => {
    const attempt = () => loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://user:s3cret-pass@collector:4317' });
    expect(attempt).toThrow(/got "grpc:\/\/\*\*\*@collector:4317"$/);
    expect(attempt).not.toThrow(/s3cret/);
  });

  it('describes where spans go without credentials or query', () => {
    const config = enabled({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://user:pw@collector.example:4318/v1/traces?token=abc',
      OTEL_TRACES_EXPORTER: 'otlp,console',
    });
    expect(describeTracing(config)).toBe('https://collector.example:4318/v1/traces (OTLP http/protobuf) and stdout (console exporter)');
  });

  it('joins the traces path to a base with or without a trailing slash', () => {
    expect(tracesUrl('http://c:4318')).toBe('http://c:4318/v1/traces');
    expect(tracesUrl('http://c:4318/')).toBe('http://c:4318/v1/traces');
    expect(tracesUrl('http://c:4318/prefix')).toBe('http://c:4318/prefix/v1/traces');
  });
});
