import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { loadConfig, RegistryConfig } from './config/registry.config';
import { registryValidationPipe } from './graphql/validation';
import { RegistryErrorFilter } from './graphql/registry-error.filter';
import { DemoCatalog } from './demo/demo-catalog';

/** Builds the app (used by main and by the end-to-end tests, so both run the same wiring). */
export const createRegistryApp = async (config: RegistryConfig): Promise<INestApplication> => {
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(registryValidationPipe());
  app.useGlobalFilters(new RegistryErrorFilter());
  app.enableShutdownHooks();
  await app.init();
  if (config.seedDemoCatalog) await app.get(DemoCatalog).loadIfEmpty();
  return app;
};

const main = async () => {
  const config = loadConfig();
  const app = await createRegistryApp(config);
  await app.listen(config.port, config.host);
  const where = config.store.kind === 'pglite' ? `embedded PGlite in ${config.store.dataDir ?? 'memory'}` : 'PostgreSQL (DATABASE_URL)';
  // Printed plainly (not only as a log line) so a newcomer sees where to go.
  console.log(`\nHK-AI registry GraphQL API: http://${config.host}:${config.port}/graphql\nStore: ${where}\n`);
};

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
