import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLError } from 'graphql';
import { LoggerModule } from 'nestjs-pino';
import { join } from 'node:path';
import helmet from 'helmet';
import { RegistryConfig } from './config/registry.config';
import { CoreModule } from './core.module';
import { registryLoggerParams } from './infrastructure/logging';
import { AuthService } from './auth/auth.service';
import { formatError } from './graphql/error-mapping';
import { inputPlugins } from './graphql/storable-text';
import { requestContext } from './graphql/request-context';
import { documentOf, queryLimitsPlugin, queryParseOptions, queryShapeRules, tokenLimitRefusal } from './graphql/cost-limits';
import { RequestLoaders, requestLoadersPlugin } from './graphql/loaders';
import { admissionOf } from './graphql/throttling';
import { HistoryService } from './history/history.service';
import { SCALAR_RESOLVERS } from './graphql/scalars';
import { schemaDir } from './graphql/schema-location';
import { StatusResolver } from './graphql/status.resolver';
import { NODE_RESOLVERS } from './graphql/node.resolver';
import { FirmsModule } from './firms/firms.module';
import { VerdictsModule } from './verdicts/verdicts.module';
import { FrameworksModule } from './frameworks/frameworks.module';
import { CertifiersModule } from './certifiers/certifiers.module';
import { EquivalencesModule } from './equivalences/equivalences.module';
import { RegulatorKeysModule } from './regulator-keys/regulator-keys.module';
import { RecordsModule } from './records/records.module';
import { ModelsModule } from './models/models.module';
import { CertificationsModule } from './certifications/certifications.module';
import { TransparencyModule } from './transparency/transparency.module';
import { CredentialsModule } from './credentials/credentials.module';
import { OperationsModule } from './operations/operations.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { SubscriptionGate } from './subscriptions/subscription-gate';
import { PublicSectorModule } from './public-sector/public-sector.module';
import { ProvenanceModule } from './provenance/provenance.module';
import { SandboxModule } from './sandbox/sandbox.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: RegistryConfig): DynamicModule {
    const limits = config.queryLimits;
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(registryLoggerParams(config)),
        CoreModule.forRoot(config),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [SubscriptionsModule],
          inject: [AuthService, QueryBus, HistoryService, SubscriptionGate],
          useFactory: (auth: AuthService, queries: QueryBus, history: HistoryService, subscriptionGate: SubscriptionGate) => ({
            typePaths: [join(schemaDir(), '*.graphql')],
            resolvers: SCALAR_RESOLVERS,
            playground: false,
            // Who may introspect is decided per request by queryLimitsPlugin (GRAPHQL_INTROSPECTION).
            introspection: true,
            parseOptions: queryParseOptions(limits),
            validationRules: queryShapeRules(limits),
            formatError,
            // formatError never sends a stack; Apollo would still format one per error (outside production),
            // and with source maps (jest) that took ~50 ms per refused 90 KB attack.
            includeStacktraceInErrorResponses: false,
            plugins: [...inputPlugins(), queryLimitsPlugin(limits), requestLoadersPlugin()],
            // WebSocket subscriptions (graphql-ws) on the same path; authentication and limits: SubscriptionGate.
            subscriptions: { 'graphql-ws': subscriptionGate.serverOptions() },
            context: async ({
              req,
            }: {
              req: { headers: Record<string, string | undefined>; ip?: string; socket?: { remoteAddress?: string }; body?: unknown; query?: unknown };
            }) => {
              // Token and rate limit were decided before the body was read (RequestAdmission, mounted in main.ts).
              const { actor, authError } = admissionOf(req) ?? { actor: await auth.actorFrom(req.headers.authorization) };
              if (authError)
                throw new GraphQLError(authError.message, { extensions: { code: authError.category, reason: authError.code, http: { status: 401 } } });
              const oversized = tokenLimitRefusal(documentOf(req), limits);
              if (oversized) throw oversized;
              return { ...requestContext(actor, req.headers['x-correlation-id']), loaders: new RequestLoaders(queries, history, actor) };
            },
          }),
        }),
        FirmsModule,
        VerdictsModule,
        FrameworksModule,
        CertifiersModule,
        EquivalencesModule,
        RegulatorKeysModule,
        RecordsModule,
        ModelsModule,
        CertificationsModule,
        TransparencyModule,
        CredentialsModule,
        OperationsModule,
        SubscriptionsModule,
        PublicSectorModule,
        ProvenanceModule,
        SandboxModule,
        // The web registry at `/`: never /graphql, /health, /metrics, /log, /status, /.well-known (web-registry.middleware.ts).
        WebModule,
      ],
      providers: [StatusResolver, ...NODE_RESOLVERS],
    };
  }

  /**
   * helmet's defaults: no X-Powered-By, nosniff, HSTS, a strict CSP (harmless: /graphql answers JSON, no page).
   * On '/' (Express `use`: every path, nothing decoded), not '{*path}', whose parameter the router decodes first:
   * a broken escape (`/models/%ZZ`) would fail there before the web registry could answer it (web.module.ts).
   */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(helmet()).forRoutes('/');
  }
}
