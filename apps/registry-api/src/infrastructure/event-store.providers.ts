import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Provider } from '@nestjs/common';
import { EVENT_LOG_STATS, EVENT_STORE, formatPosition, openEventStore, StoreHandle } from '@registry/event-store';
import { AnyProjection, ProjectionRunner } from '@registry/projections';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';
import { DiscoveryService } from '@nestjs/core';
import { ReadModelProjection } from './read-model.decorator';

/** The opened store (port, read-model database, statistics); the app injects each part by its own token. */
export const STORE_HANDLE = Symbol('STORE_HANDLE');

export const storeHandleProvider: Provider = {
  provide: STORE_HANDLE,
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
      onConnectionLost: (error) =>
        logger.warn(`an idle PostgreSQL connection was lost (${(error as { code?: string }).code ?? error.message}); the pool reconnects`),
    });
  },
};

export const eventStoreProvider: Provider = { provide: EVENT_STORE, inject: [STORE_HANDLE], useFactory: (handle: StoreHandle) => handle.store };

export const eventLogStatsProvider: Provider = { provide: EVENT_LOG_STATS, inject: [STORE_HANDLE], useFactory: (handle: StoreHandle) => handle.stats };

/**
 * The app's batches (bench:rebuild runs its runner with the same): 500 events; while a read model is behind (a first
 * start, a rebuild, a burst) they double up to 16,000, so catching up on a long log pays the per-transaction cost a
 * 32nd as often, and a batch folded while the one before is written (`Projection.prepareBatch`) has that write to hide
 * behind (a certifications rebuild of 377k events: 5.3 s at 16,000 and 5.7 s at 4,000 before that overlap, 4.3 s with
 * it; docs/benchmarks.md).
 */
export const PROJECTION_BATCHES = { batchSize: 500, maxBatchSize: 16_000 } as const;

export const projectionRunnerProvider: Provider = {
  provide: ProjectionRunner,
  inject: [STORE_HANDLE],
  // The engine's own read models now; the app's (each feature module's `@ReadModelProjection()` providers) are
  // registered by StoreLifecycle before the runner starts.
  useFactory: (handle: StoreHandle) => new ProjectionRunner(handle, handle.engineProjections ?? [], PROJECTION_BATCHES),
};

/**
 * The providers marked `@ReadModelProjection()`, in module order. One without an instance (a request-scoped or
 * otherwise unbuilt provider) is a wiring mistake: refused, never silently left unfed.
 */
export const readModelsOf = (discovery: DiscoveryService): AnyProjection[] =>
  discovery.getProviders({ metadataKey: ReadModelProjection.KEY }).map((wrapper) => {
    if (!wrapper.instance) throw new Error(`read model ${wrapper.name} has no instance: a projection must be a default-scoped provider`);
    return wrapper.instance as AnyProjection;
  });

/** Starts the projections after the modules are wired, stops them and closes the store on shutdown. */
@Injectable()
export class StoreLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('EventStore');

  constructor(
    @Inject(STORE_HANDLE) private readonly handle: StoreHandle,
    private readonly runner: ProjectionRunner,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    private readonly discovery: DiscoveryService,
  ) {}

  async onModuleInit(): Promise<void> {
    // Every provider is instantiated before the first lifecycle hook: the feature modules' read models exist.
    this.runner.register(...readModelsOf(this.discovery));
    await this.runner.start();
    // Catch up before serving, so the first query after a restart does not see an empty read model.
    await this.runner.catchUp();
    this.logger.log(`${this.config.store.kind} store ready; read models at ${formatPosition(this.runner.position())}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.handle.close();
  }
}

/**
 * The database read models live in: the event store's own for PGlite and PostgreSQL (so checkpoints commit with
 * row changes and the log read), a separate PostgreSQL or PGlite database beside KurrentDB.
 */
export const READ_DB = Symbol('READ_DB');

export const readDbProvider: Provider = {
  provide: READ_DB,
  inject: [STORE_HANDLE],
  useFactory: (handle: StoreHandle) => handle.readModels,
};
