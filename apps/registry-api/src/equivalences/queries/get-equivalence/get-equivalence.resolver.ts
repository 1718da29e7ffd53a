import { Args, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { RequestContext, RequestCtx } from '../../../graphql/request-context';
import { EquivalenceView } from '../../equivalence.view';
import { GetEquivalenceQuery } from './get-equivalence.query';

@Resolver('Equivalence')
export class GetEquivalenceResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query('equivalence')
  equivalence(@Args('id') id: string, @RequestCtx() ctx: RequestContext): Promise<EquivalenceView | null> {
    return this.queries.execute(new GetEquivalenceQuery(id, false, undefined, !!ctx.actor));
  }
}
