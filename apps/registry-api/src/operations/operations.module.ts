import { Logger, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { VerdictsModule } from '../verdicts/verdicts.module';
import { HealthController } from './health.controller';
import { HomeController } from './home.controller';
import { MetricsController } from './metrics.controller';
import { GraphqlMetricsPlugin } from './graphql-metrics.plugin';
import { SandboxContentSecurity, SandboxLandingPage } from './landing-page';
import { LogLag } from './log-lag';
import { RegistryMetrics } from './metrics';

/**
 * What an operator and a newcomer need from outside: health probes, Prometheus metrics, the development
 * landing page and the page at /. The request log and CORS are mounted in main.ts (they must run first).
 */
@Module({
  // Nest's Logger forwards to the app's pino logger; terminus' default would print its own console format.
  imports: [TerminusModule.forRoot({ logger: Logger, errorLogStyle: 'json' }), VerdictsModule],
  controllers: [HealthController, MetricsController, HomeController],
  providers: [LogLag, RegistryMetrics, GraphqlMetricsPlugin, SandboxLandingPage],
  exports: [RegistryMetrics],
})
export class OperationsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SandboxContentSecurity).forRoutes({ path: 'graphql', method: RequestMethod.GET });
  }
}
