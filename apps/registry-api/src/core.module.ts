import { DynamicModule, Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DiscoveryModule } from '@nestjs/core';
import { REGISTRY_CONFIG, RegistryConfig } from './config/registry.config';
import { AuthService } from './auth/auth.service';
import { CommandShell } from './infrastructure/command-shell';
import { SpecCommandHandler } from './infrastructure/define-command';
import { OwnWrite } from './graphql/as-of';
import { AggregateReader } from './infrastructure/aggregate-reader';
import {
  eventLogStatsProvider,
  eventStoreProvider,
  projectionRunnerProvider,
  READ_DB,
  readDbProvider,
  StoreLifecycle,
  storeHandleProvider,
} from './infrastructure/event-store.providers';
import { HistoryService } from './history/history.service';
import { EVENT_LOG_STATS, EVENT_STORE } from '@registry/event-store';
import { ProjectionRunner } from '@registry/projections';
import { DemoCatalog } from './demo/demo-catalog';
import { GracefulShutdown } from './infrastructure/graceful-shutdown';
import { RequestAdmission } from './graphql/throttling';

/**
 * The shell every feature module stands on: configuration, the event store, the projection runner, the
 * command shell, authentication and entity history. The read models are the feature modules' own, each marked
 * `@ReadModelProjection()`; the store lifecycle registers them with the runner.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: RegistryConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [CqrsModule.forRoot(), DiscoveryModule],
      providers: [
        { provide: REGISTRY_CONFIG, useValue: config },
        storeHandleProvider,
        eventStoreProvider,
        eventLogStatsProvider,
        readDbProvider,
        projectionRunnerProvider,
        StoreLifecycle,
        CommandShell,
        SpecCommandHandler,
        OwnWrite,
        AggregateReader,
        AuthService,
        HistoryService,
        DemoCatalog,
        GracefulShutdown,
        RequestAdmission,
      ],
      exports: [
        GracefulShutdown,
        RequestAdmission,
        REGISTRY_CONFIG,
        EVENT_STORE,
        EVENT_LOG_STATS,
        READ_DB,
        ProjectionRunner,
        CommandShell,
        OwnWrite,
        AggregateReader,
        AuthService,
        HistoryService,
        CqrsModule,
      ],
    };
  }
}
