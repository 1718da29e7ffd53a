import { z } from 'zod';

/**
 * Whether the registry exports OpenTelemetry traces, read from the standard OTEL_* variables. Off unless an
 * exporter is configured: an OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) or
 * OTEL_TRACES_EXPORTER; OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none turns it off whatever else is set.
 *
 * Read twice: by tracing.ts before anything else is loaded (it must decide before http, pg and graphql are
 * required, and says nothing when a value is wrong), and by registry.config.ts with the rest of the
 * configuration, which turns an error into the one start-up line naming the variable. Only zod here: this
 * module is loaded before the instrumentation is registered.
 *
 * What the SDK reads itself is not repeated here: OTEL_EXPORTER_OTLP_HEADERS (never logged: it holds the
 * collector's credentials), OTEL_RESOURCE_ATTRIBUTES, OTEL_BSP_* and the span limits.
 */
export type TracingConfig = { readonly enabled: false } | EnabledTracing;

export interface EnabledTracing {
  readonly enabled: true;
  /** The `service.name` resource attribute (OTEL_SERVICE_NAME). */
  readonly serviceName: string;
  /** `otlp` sends to `otlpUrl`; `console` prints spans on stdout (for a person debugging, not for production). */
  readonly exporters: readonly TraceExporterName[];
  /** The full URL spans are POSTed to (…/v1/traces unless OTEL_EXPORTER_OTLP_TRACES_ENDPOINT names it). */
  readonly otlpUrl: string;
  readonly protocol: OtlpProtocol;
  /** How long one export may take before it counts as failed (OTEL_EXPORTER_OTLP_TIMEOUT, ms). */
  readonly exportTimeoutMs: number;
}

export const TRACE_EXPORTERS = ['otlp', 'console', 'none'] as const;
export type TraceExporterName = Exclude<(typeof TRACE_EXPORTERS)[number], 'none'>;
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];
/** The samplers the SDK implements (it reads OTEL_TRACES_SAMPLER itself; checked here so a typo is not silently always_on). */
const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;

export const DEFAULT_SERVICE_NAME = 'hk-ai-registry';
const DEFAULT_OTLP_BASE = 'http://localhost:4318';

/** The value as an error may show it: credentials in a URL's user part are masked, long values cut. */
const shown = (value: string) => {
  const masked = value.replace(/\/\/[^/@\s]*@/, '//***@');
  return JSON.stringify(masked.length > 80 ? `${masked.slice(0, 80)}…` : masked);
};

const httpUrl = (name: string) =>
  z.string().refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, `${name} must be an http(s) URL of an OTLP/HTTP collector such as http://127.0.0.1:4318`);

const protocol = (name: string) =>
  z.string().superRefine((v, ctx) => {
    if ((OTLP_PROTOCOLS as readonly string[]).includes(v)) return;
    ctx.addIssue({
      code: 'custom',
      message:
        v === 'grpc'
          ? `${name}: grpc is not supported by this registry, use http/protobuf or http/json (a collector's port 4318)`
          : `${name} must be one of ${OTLP_PROTOCOLS.join(', ')}`,
    });
  });

const milliseconds = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number of milliseconds from 1 to 600000`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= 600_000, `${name} must be a whole number of milliseconds from 1 to 600000`);

const ENV = z.object({
  OTEL_SDK_DISABLED: z
    .string()
    .transform((v) => v.toLowerCase())
    .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), 'OTEL_SDK_DISABLED must be true or false')
    .transform((v) => ['true', '1', 'yes'].includes(v)),
  OTEL_TRACES_EXPORTER: z
    .string()
    .transform((v) => [...new Set(v.split(',').map((name) => name.trim().toLowerCase()))])
    .refine(
      (names) => names.every((name) => (TRACE_EXPORTERS as readonly string[]).includes(name)),
      `OTEL_TRACES_EXPORTER must be a comma-separated list of ${TRACE_EXPORTERS.join(', ')}`,
    )
    .refine((names) => !names.includes('none') || names.length === 1, 'OTEL_TRACES_EXPORTER: none cannot be combined with an exporter'),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT'),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'),
  OTEL_EXPORTER_OTLP_PROTOCOL: protocol('OTEL_EXPORTER_OTLP_PROTOCOL'),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: protocol('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'),
  OTEL_EXPORTER_OTLP_TIMEOUT: milliseconds('OTEL_EXPORTER_OTLP_TIMEOUT'),
  OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: milliseconds('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT'),
  OTEL_SERVICE_NAME: z
    .string()
    .max(255, 'OTEL_SERVICE_NAME must be at most 255 characters')
    // eslint-disable-next-line no-control-regex
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'OTEL_SERVICE_NAME must not contain control characters'),
  OTEL_TRACES_SAMPLER: z.enum(SAMPLERS, { message: `OTEL_TRACES_SAMPLER must be one of ${SAMPLERS.join(', ')}` }),
  OTEL_TRACES_SAMPLER_ARG: z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, 'OTEL_TRACES_SAMPLER_ARG must be a probability from 0 to 1, such as 0.25')
    .transform(Number),
});

const NAMES = Object.keys(ENV.shape) as (keyof typeof ENV.shape)[];

/** OTEL_EXPORTER_OTLP_ENDPOINT is a base: the traces path is added to it (the specification's rule). */
export const tracesUrl = (base: string): string => `${base.endsWith('/') ? base : `${base}/`}v1/traces`;

/**
 * The tracing configuration, or an Error whose message starts with the variable at fault (registry.config.ts
 * names the variable from it). Empty values count as unset, as shells and compose files often pass them.
 */
export const loadTracingConfig = (env: NodeJS.ProcessEnv): TracingConfig => {
  const given = Object.fromEntries(NAMES.flatMap((name) => (env[name] === undefined || env[name].trim() === '' ? [] : [[name, env[name].trim()]])));
  const parsed = ENV.partial().safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0]);
    throw new Error(`${issue.message}, got ${shown(String(given[variable]))}`);
  }
  const e = parsed.data;
  const endpoint = e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (e.OTEL_EXPORTER_OTLP_ENDPOINT ? tracesUrl(e.OTEL_EXPORTER_OTLP_ENDPOINT) : undefined);
  const exporters = (e.OTEL_TRACES_EXPORTER ?? (endpoint ? ['otlp'] : [])).filter((name): name is TraceExporterName => name !== 'none');
  if (e.OTEL_SDK_DISABLED || exporters.length === 0) return { enabled: false };
  return {
    enabled: true,
    serviceName: e.OTEL_SERVICE_NAME ?? DEFAULT_SERVICE_NAME,
    exporters,
    otlpUrl: endpoint ?? tracesUrl(DEFAULT_OTLP_BASE),
    protocol: (e.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? e.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf') as OtlpProtocol,
    exportTimeoutMs: e.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT ?? e.OTEL_EXPORTER_OTLP_TIMEOUT ?? 10_000,
  };
};

/** Where spans go, as the start-up banner and logs may show it: no credentials, no query. */
export const describeTracing = (config: EnabledTracing): string =>
  config.exporters
    .map((name) => {
      if (name === 'console') return 'stdout (console exporter)';
      const url = new URL(config.otlpUrl);
      return `${url.protocol}//${url.host}${url.pathname} (OTLP ${config.protocol})`;
    })
    .join(' and ');
