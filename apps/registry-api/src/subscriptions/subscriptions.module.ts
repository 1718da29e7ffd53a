import { Module } from '@nestjs/common';
import { VerdictsModule } from '../verdicts/verdicts.module';
import { LogTail } from './log-tail';
import { SubscriptionGate } from './subscription-gate';
import { loadSubscriptionsConfig, SUBSCRIPTIONS_CONFIG } from './subscriptions.config';
import { SubscriptionsResolver } from './subscriptions.resolver';

/**
 * Live subscriptions over graphql-ws and the `changes` feed, both read from the log (LogTail), so every
 * instance on one database sends the same notifications. The GraphQL module takes its WebSocket options
 * from SubscriptionGate.
 */
@Module({
  imports: [VerdictsModule],
  providers: [{ provide: SUBSCRIPTIONS_CONFIG, useFactory: () => loadSubscriptionsConfig(process.env) }, LogTail, SubscriptionGate, SubscriptionsResolver],
  exports: [SubscriptionGate, LogTail],
})
export class SubscriptionsModule {}
