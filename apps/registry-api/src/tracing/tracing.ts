import { loadTracingConfig } from './tracing.config';
import type { TracingHandle } from './tracing.sdk';

/**
 * OpenTelemetry traces, when an exporter is configured (tracing.config.ts). main.ts imports this module first of
 * all: the instrumentations patch `http`, `pg` and `graphql` as they are required, so they must be registered
 * before anything requires them.
 *
 * With tracing off this is the whole cost: the OTEL_* variables are read and nothing else is loaded (the SDK
 * module is required only when tracing is on). A bad value does not start tracing and says nothing here:
 * loadConfig reads the same variables and stops the start with one line naming the variable.
 */
const start = (): TracingHandle | undefined => {
  let enabled;
  try {
    const config = loadTracingConfig(process.env);
    if (!config.enabled) return undefined;
    enabled = config;
  } catch {
    return undefined;
  }
  // A plain require, not import(): it must run now, synchronously, before main.ts' next import.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('./tracing.sdk') as typeof import('./tracing.sdk');
  return sdk.startTracing(enabled);
};

/** The running tracing, or undefined when it is off. */
export const tracing: TracingHandle | undefined = start();
