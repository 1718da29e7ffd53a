import { Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, Query, Resolver, Subscription } from '@nestjs/graphql';
import { ChangePage } from '@registry/contract';
import { comparePositions, EVENT_STORE, EventStore, formatPosition, LOG_START, LogPosition } from '@registry/event-store';
import { badInput } from '@registry/kernel';
import { RequestContext, RequestCtx } from '../graphql/request-context';
import { pageSize } from '../graphql/pagination';
import { toHistoryEvent } from '../history/history.service';
import { VerdictService } from '../verdicts/verdict.service';
import { LogHandler, LogSubscription } from './log-subscription';
import { LogTail } from './log-tail';
import { SUBSCRIPTIONS_CONFIG, SubscriptionsConfig } from './subscriptions.config';
import { CertificationChangedArgs, ChangesArgs, ExportReadinessChangedArgs, RecognitionsChangedArgs } from './subscriptions.args';
import { certificationWatcher, readinessWatcher, recognitionsWatcher } from './watchers';

/** The notification itself is the field's value (graphql-js would otherwise look for payload[fieldName]). */
const asIs = <T>(payload: T): T => payload;

/** The three subscriptions and the `changes` feed; all public, restricted data by the caller's entitlement. */
@Resolver()
export class SubscriptionsResolver {
  constructor(
    private readonly tail: LogTail,
    private readonly queries: QueryBus,
    private readonly verdicts: VerdictService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SUBSCRIPTIONS_CONFIG) private readonly limits: SubscriptionsConfig,
  ) {}

  @Subscription('certificationChanged', { resolve: asIs })
  async certificationChanged(@Args() args: CertificationChangedArgs, @RequestCtx() ctx: RequestContext) {
    return this.open(certificationWatcher(args.id, ctx.actor, this.queries), await this.checkedAfter(args.after));
  }

  @Subscription('exportReadinessChanged', { resolve: asIs })
  async exportReadinessChanged(@Args() args: ExportReadinessChangedArgs) {
    const after = await this.checkedAfter(args.after);
    if (args.asOf && !after) throw badInput('INPUT.INVALID', 'asOf is the asOf of the verdict last received: give it with after', { field: 'asOf' });
    const query = { modelId: args.modelId, version: args.version, jurisdiction: args.jurisdiction, useCase: args.useCase };
    return this.open(readinessWatcher(query, args.asOf ?? undefined, this.verdicts), after);
  }

  @Subscription('recognitionsChanged', { resolve: asIs })
  async recognitionsChanged(@Args() args: RecognitionsChangedArgs) {
    const after = await this.checkedAfter(args.after);
    if (args.asOf && !after) throw badInput('INPUT.INVALID', 'asOf is the asOf of the recognitions last received: give it with after', { field: 'asOf' });
    return this.open(recognitionsWatcher(args.jurisdiction, args.asOf ?? undefined, this.verdicts), after);
  }

  @Query('changes')
  async changes(@Args() args: ChangesArgs, @RequestCtx() ctx: RequestContext): Promise<ChangePage> {
    const first = pageSize(args.first ?? 50);
    const after = (await this.checkedAfter(args.after)) ?? LOG_START;
    // One more than asked: whether more were there already, without a second read.
    const events = await this.store.readAll({ after, limit: first + 1 });
    const page = events.slice(0, first);
    return {
      // Restricted fields are redacted for everyone: entitlement is per entity, and the entity's history serves it.
      changes: page.map((e) => ({ streamId: e.streamId, event: toHistoryEvent(e, false, ctx.actor !== undefined) })),
      endPosition: formatPosition(page.length ? page[page.length - 1].position : after),
      hasMore: events.length > first,
    };
  }

  private open<T>(handler: LogHandler<T>, after: LogPosition | undefined): LogSubscription<T> {
    if (!this.tail.isStarted) throw new Error('the log is not being followed (starting or stopping)');
    return new LogSubscription(this.tail, this.store, handler, { after, maxQueued: this.limits.maxQueued });
  }

  /** A position the log has not reached would be a promise about events that do not exist yet. */
  private async checkedAfter(after: LogPosition | null | undefined): Promise<LogPosition | undefined> {
    if (!after) return undefined;
    const head = await this.store.headPosition();
    if (comparePositions(after, head) > 0)
      throw badInput('SUBSCRIPTION.AFTER_AHEAD_OF_LOG', `after ${formatPosition(after)} is beyond the log's head ${formatPosition(head)}`, { field: 'after' });
    return after;
  }
}
