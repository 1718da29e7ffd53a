import { Module } from '@nestjs/common';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';
import { OperationsModule } from '../operations/operations.module';
import { VerdictsModule } from '../verdicts/verdicts.module';
import { LogTail } from './log-tail';
import { SubscriptionGate } from './subscription-gate';
import { SUBSCRIPTIONS_CONFIG } from './subscriptions.config';
import { SubscriptionsResolver } from './subscriptions.resolver';
import { WebSocketAdmission } from './websocket-admission';

/**
 * Live subscriptions over graphql-ws and the `changes` feed, both read from the log (LogTail), so every
 * instance on one database sends the same notifications. The GraphQL module takes its WebSocket options
 * from SubscriptionGate; WebSocketAdmission decides at the upgrade who may open a WebSocket at all.
 */
@Module({
  imports: [VerdictsModule, OperationsModule],
  providers: [
    { provide: SUBSCRIPTIONS_CONFIG, useFactory: (config: RegistryConfig) => config.subscriptions, inject: [REGISTRY_CONFIG] },
    LogTail,
    WebSocketAdmission,
    SubscriptionGate,
    SubscriptionsResolver,
  ],
  exports: [SubscriptionGate, WebSocketAdmission, LogTail],
})
export class SubscriptionsModule {}
