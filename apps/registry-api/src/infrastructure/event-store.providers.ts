import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Provider } from '@nestjs/common';
import { EVENT_STORE, formatPosition, openEventStore, SqlEventStore } from '@registry/event-store';
import { Projection, ProjectionRunner } from '@registry/projections';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';

/** Every read model of the app; feature modules add theirs to this list. */
export const PROJECTIONS = Symbol('PROJECTIONS');

export const eventStoreProvider: Provider = {
  provide: EVENT_STORE,
  inject: [REGISTRY_CONFIG],
  useFactory: (config: RegistryConfig) => {
    const logger = new Logger('EventStore');
    return openEventStore(config.store, {
      connectTimeoutMs: config.databaseConnectTimeoutSeconds * 1000,
      // Straight to stderr: during start-up Nest buffers log lines until the app is built, and an operator
      // waiting on a database that is down needs to see why now.
      onRetry: (attempt, delayMs, error) =>
        process.stderr.write(
          `registry: ${error.message}; attempt ${attempt}, retrying in ${(delayMs / 1000).toFixed(1)} s (gives up after DATABASE_CONNECT_TIMEOUT=${config.databaseConnectTimeoutSeconds} s)\n`,
        ),
      onConnectionLost: (error) => logger.warn(`an idle PostgreSQL connection was lost (${(error as { code?: string }).code ?? error.message}); the pool reconnects`),
    });
  },
};

export const projectionRunnerProvider: Provider = {
  provide: ProjectionRunner,
  inject: [EVENT_STORE, PROJECTIONS],
  useFactory: (store: SqlEventStore, projections: Projection[]) => new ProjectionRunner(store, projections),
};

/** Starts the projections after the modules are wired, stops them and closes the store on shutdown. */
@Injectable()
export class StoreLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('EventStore');

  constructor(
    @Inject(EVENT_STORE) private readonly store: SqlEventStore,
    private readonly runner: ProjectionRunner,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.runner.start();
    // Catch up before serving, so the first query after a restart does not see an empty read model.
    await this.runner.catchUp();
    this.logger.log(`${this.config.store.kind} store ready; read models at ${formatPosition(this.runner.position())}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.store.close();
  }
}

/** The database read models live in (the event store's, so checkpoints commit with row changes). */
export const READ_DB = Symbol('READ_DB');

export const readDbProvider: Provider = {
  provide: READ_DB,
  inject: [EVENT_STORE],
  useFactory: (store: SqlEventStore) => store.db,
};
