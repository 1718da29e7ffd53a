import { Plugin } from '@nestjs/apollo';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { NotedRequest, RegistryMetrics } from './metrics';

type Context = { req?: NotedRequest };

/** RegistryMetrics' Apollo hooks, found by the Apollo driver through @Plugin() (no change to the GraphQL module's options). */
@Plugin()
export class GraphqlMetricsPlugin implements ApolloServerPlugin<Context> {
  private readonly hooks: ApolloServerPlugin<Context>;

  constructor(metrics: RegistryMetrics) {
    this.hooks = metrics.apolloPlugin();
  }

  contextCreationDidFail(args: { error: Error }): Promise<void> {
    return this.hooks.contextCreationDidFail!(args);
  }

  invalidRequestWasReceived(args: { error: Error }): Promise<void> {
    return this.hooks.invalidRequestWasReceived!(args);
  }

  requestDidStart(...args: Parameters<NonNullable<ApolloServerPlugin<Context>['requestDidStart']>>): Promise<GraphQLRequestListener<Context> | void> {
    return this.hooks.requestDidStart!(...args);
  }
}
