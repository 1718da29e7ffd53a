// First of all: tracing (when configured) must patch http, pg and graphql before anything requires them.
import { tracing } from './tracing/tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { INestApplication } from '@nestjs/common';
import { Logger, PinoLogger } from 'nestjs-pino';
import { DataDirInUseError } from '@registry/event-store';
import { AppModule } from './app.module';
import { ConfigError, loadConfig, RegistryConfig } from './config/registry.config';
import { registryValidationPipe } from './graphql/validation';
import { RegistryErrorFilter } from './graphql/registry-error.filter';
import { DemoCatalog } from './demo/demo-catalog';
import { GracefulShutdown } from './infrastructure/graceful-shutdown';
import { RequestAdmission } from './graphql/throttling';
import { ProjectionRunner } from '@registry/projections';
import { RegistryMetrics } from './operations/metrics';
import { requestLogMiddleware } from './operations/request-log';
import { corsOptions } from './operations/cors';
import { sandboxUploadMediaType } from './sandbox/upload-media-type';

/** Builds the app (used by main and by the end-to-end tests, so both run the same wiring). */
export const createRegistryApp = async (config: RegistryConfig): Promise<INestApplication> => {
  // abortOnError off and no logger until ours is set: a failing start reaches the caller (main prints one
  // line) instead of Nest logging a stack trace and aborting the process.
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true, abortOnError: false, logger: false });
  app.useLogger(app.get(Logger));
  // Helmet removes it too, but only behind routes' middleware: the shutdown answers come before those.
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  // First of all: the correlation id, the request's log line and its latency, whoever answers it.
  app.use(requestLogMiddleware(PinoLogger.root, config.logLevel, app.get(RegistryMetrics)));
  // Before every route: counts requests in flight and answers 503 while draining (see GracefulShutdown).
  app.use(app.get(GracefulShutdown).middleware);
  // Before the rate limit, so a browser can read its 429 (and preflights are not metered).
  const cors = corsOptions(config.operations);
  if (cors) app.enableCors(cors);
  // Before the body parser: a client over its rate is refused without its body being read.
  app.use(app.get(RequestAdmission).middleware);
  // Before the body parsers too: an upload in a type its route does not take is answered 415, unread by them.
  app.use(sandboxUploadMediaType);
  app.useGlobalPipes(registryValidationPipe());
  app.useGlobalFilters(new RegistryErrorFilter());
  await app.init();
  // The port opens only once every read model has applied the log, the demo catalog included: the background
  // ones (the transparency tree) too, which the catalog's own commands did not wait for.
  if (config.seedDemoCatalog && (await app.get(DemoCatalog).loadIfEmpty())) await app.get(ProjectionRunner).catchUp();
  return app;
};

/** One line an operator can act on: the variable or resource at fault, never a stack trace. */
export const startupFailure = (error: unknown): string => {
  if (error instanceof ConfigError) return `registry: configuration error: ${error.message}`;
  if (error instanceof DataDirInUseError) return `registry: cannot start: ${error.message}`;
  return `registry: cannot start: ${error instanceof Error ? error.message : String(error)}`;
};

const main = async () => {
  const config = loadConfig();
  const app = await createRegistryApp(config);
  tracing?.useLog(PinoLogger.root);
  await app.listen(config.port, config.host);
  const shutdown = app.get(GracefulShutdown);
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => {
      // Whatever happens while closing, the process is gone shortly after the grace period.
      setTimeout(() => process.exit(1), (config.shutdown.graceSeconds + 5) * 1000).unref();
      shutdown.stop(app, signal).then(
        // The spans of the last requests go out before the exit (bounded: a hung collector must not hold it).
        async (code) => {
          await tracing?.shutdown(3000);
          process.exit(code);
        },
        (error) => {
          console.error(`registry: shutdown failed: ${error instanceof Error ? error.message : error}`);
          process.exit(1);
        },
      );
    });
  const where =
    config.store.kind === 'pglite'
      ? `embedded PGlite in ${config.store.dataDir ?? 'memory'}`
      : config.store.kind === 'kurrentdb'
        ? 'KurrentDB (KURRENTDB_URL), read models in ' + (config.store.readModels.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite')
        : 'PostgreSQL (DATABASE_URL)';
  const base = `http://${config.host}:${config.port}`;
  // Printed plainly (not only as a log line) so a newcomer sees where to go.
  const traces = tracing ? `Traces: ${tracing.description}\n` : '';
  console.log(`\nHK-AI registry web registry: ${base}/\nHK-AI registry GraphQL API: ${base}/graphql\nStore: ${where}\n${traces}`);
};

if (require.main === module) {
  main().catch((error) => {
    console.error(startupFailure(error));
    process.exit(1);
  });
}
