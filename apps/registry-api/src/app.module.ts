import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLError } from 'graphql';
import { LoggerModule } from 'nestjs-pino';
import { join } from 'node:path';
import { isRegistryError } from '@registry/kernel';
import { RegistryConfig } from './config/registry.config';
import { CoreModule } from './core.module';
import { AuthService } from './auth/auth.service';
import { formatError } from './graphql/error-mapping';
import { inputPlugins } from './graphql/storable-text';
import { requestContext } from './graphql/request-context';
import { DateTimeScalar, JsonScalar, LogPositionScalar } from './graphql/scalars';
import { schemaDir } from './graphql/schema-location';
import { StatusResolver } from './graphql/status.resolver';
import { FirmsModule } from './firms/firms.module';
import { VerdictsModule } from './verdicts/verdicts.module';
import { FrameworksModule } from './frameworks/frameworks.module';
import { CertifiersModule } from './certifiers/certifiers.module';
import { EquivalencesModule } from './equivalences/equivalences.module';
import { RecordsModule } from './records/records.module';
import { ModelsModule } from './models/models.module';
import { CertificationsModule } from './certifications/certifications.module';

@Module({})
export class AppModule {
  static forRoot(config: RegistryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel, autoLogging: false } }),
        CoreModule.forRoot(config),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [AuthService],
          useFactory: (auth: AuthService) => ({
            typePaths: [join(schemaDir(), '*.graphql')],
            resolvers: { DateTime: DateTimeScalar, LogPosition: LogPositionScalar, JSON: JsonScalar },
            playground: false,
            introspection: true,
            formatError,
            plugins: inputPlugins(),
            context: async ({ req }: { req: { headers: Record<string, string | undefined> } }) => {
              try {
                return requestContext(await auth.actorFrom(req.headers.authorization), req.headers['x-correlation-id']);
              } catch (error) {
                if (!isRegistryError(error)) throw error;
                throw new GraphQLError(error.message, { extensions: { code: error.category, reason: error.code, http: { status: 401 } } });
              }
            },
          }),
        }),
        FirmsModule,
        VerdictsModule,
        FrameworksModule,
        CertifiersModule,
        EquivalencesModule,
        RecordsModule,
        ModelsModule,
        CertificationsModule,
      ],
      providers: [StatusResolver],
    };
  }
}
