import { Args, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { EquivalenceView } from '../../equivalence.view';
import { GetEquivalenceQuery } from './get-equivalence.query';

@Resolver('Equivalence')
export class GetEquivalenceResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query('equivalence')
  equivalence(@Args('id') id: string): Promise<EquivalenceView | null> {
    return this.queries.execute(new GetEquivalenceQuery(id));
  }
}
