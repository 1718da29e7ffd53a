import type { ApolloServerPlugin } from '@apollo/server' with { 'resolution-mode': 'import' };
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GqlExecutionContext } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { HistoryEvent } from '@registry/contract';
import { Actor } from '@registry/kernel';
import { comparePositions, LogPosition, RecordedEvent } from '@registry/event-store';
import { CertifierView } from '../certifiers/certifier.view';
import { GetCertifierQuery } from '../certifiers/queries/get-certifier/get-certifier.query';
import { HistoryService, toHistoryEvent } from '../history/history.service';
import { mapBounded } from './bounded';

/** Certifier folds of one batch in flight at once (see mapBounded). */
const CERTIFIER_FOLDS_IN_FLIGHT = 4;

/**
 * The nested look-ups of one request, batched and de-duplicated: a page of 100 certifications by one
 * certifier folds that certifier's stream once, and a stream asked for twice (`certifier { history }` on
 * every row) is read once. Created with the request's context, so nothing is shared between callers and the
 * resolvers stay singletons.
 */
export class RequestLoaders {
  private certifiers: DataLoader<string, CertifierView | null>;
  private streams: DataLoader<string, readonly RecordedEvent[]>;

  constructor(
    private readonly queries: QueryBus,
    private readonly history: HistoryService,
    /** The request's caller (undefined: anonymous), for what of a history it may see (see toHistoryEvent). */
    private readonly caller?: Actor,
  ) {
    this.certifiers = this.certifierLoader(true);
    this.streams = this.streamLoader(true);
  }

  certifier(certifierId: string): Promise<CertifierView | null> {
    return this.certifiers.load(certifierId);
  }

  /** `entitled`: whether the caller may see restricted payload fields (see auth/visibility.ts). */
  async historyOf(streamId: string, entitled = true, knownAt?: LogPosition): Promise<HistoryEvent[]> {
    const events = await this.streams.load(streamId);
    // A view as of a position (a mutation's own write) shows the history up to it, not what came after.
    return events.filter((e) => !knownAt || comparePositions(e.position, knownAt) <= 0).map((e) => toHistoryEvent(e, entitled, this.caller !== undefined));
  }

  /**
   * A mutation document runs its fields one after another, each a write followed by reads: a cached read
   * from before the second write would show the entity without it. Batching within one field stays.
   */
  uncached(): void {
    this.certifiers = this.certifierLoader(false);
    this.streams = this.streamLoader(false);
  }

  private certifierLoader(cache: boolean) {
    return new DataLoader<string, CertifierView | null>(
      (ids) => mapBounded(ids, CERTIFIER_FOLDS_IN_FLIGHT, (id) => this.queries.execute(new GetCertifierQuery(id))),
      { cache },
    );
  }

  private streamLoader(cache: boolean) {
    return new DataLoader<string, readonly RecordedEvent[]>((streamIds) => this.history.eventsOf(streamIds), { cache });
  }
}

/** The request's loaders, in a resolver: `@Loaders() loaders: RequestLoaders`. */
export const Loaders = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): RequestLoaders => GqlExecutionContext.create(ctx).getContext<{ loaders: RequestLoaders }>().loaders,
);

/** Turns the loaders' cache off once the operation is known to be a mutation (see RequestLoaders.uncached). */
export const requestLoadersPlugin = (): ApolloServerPlugin => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation?.operation === 'mutation') (contextValue as { loaders?: RequestLoaders }).loaders?.uncached();
      },
    };
  },
});
