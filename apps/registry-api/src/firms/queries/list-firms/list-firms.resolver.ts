import { Args, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { decodeCursor, pageSize } from '../../../graphql/pagination';
import { FirmPage, ListFirmsQuery } from './list-firms.query';

@Resolver('Firm')
export class ListFirmsResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query('firms')
  firms(@Args('first') first: number | null, @Args('after') after: string | null): Promise<FirmPage> {
    return this.queries.execute(new ListFirmsQuery(pageSize(first), decodeCursor(after)));
  }
}
