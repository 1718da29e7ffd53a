import { Args, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { FrameworkView } from '../../framework.view';
import { GetFrameworkQuery } from './get-framework.query';

@Resolver('Framework')
export class GetFrameworkResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query('framework')
  framework(@Args('id') id: string): Promise<FrameworkView | null> {
    return this.queries.execute(new GetFrameworkQuery(id));
  }
}
