import { Args, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { FirmView } from '../../firm.view';
import { GetFirmQuery } from './get-firm.query';

@Resolver('Firm')
export class GetFirmResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query('firm')
  firm(@Args('id') id: string): Promise<FirmView | null> {
    return this.queries.execute(new GetFirmQuery(id));
  }
}
