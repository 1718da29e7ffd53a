import { Args, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { badInput } from '@registry/kernel';
import { JURISDICTION } from '@registry/domain';
import { FrameworkView } from '../../framework.view';
import { ListFrameworksQuery } from './list-frameworks.query';

@Resolver('Framework')
export class ListFrameworksResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query('frameworks')
  frameworks(@Args('jurisdiction') jurisdiction: string | null, @Args('asOf') asOf: Date | null): Promise<FrameworkView[]> {
    if (jurisdiction !== null && jurisdiction !== undefined && !JURISDICTION.test(jurisdiction))
      throw badInput('INPUT.INVALID', 'jurisdiction must be a two-letter code such as HK, CN, SG or EU', {
        fields: [{ field: 'jurisdiction', problems: ['jurisdiction must be a two-letter code such as HK, CN, SG or EU'] }],
      });
    return this.queries.execute(new ListFrameworksQuery(jurisdiction ?? null, asOf ?? null));
  }
}
