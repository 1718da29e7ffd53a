import { Args, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { CertifierView } from '../../certifier.view';
import { GetCertifierQuery } from './get-certifier.query';

@Resolver('Certifier')
export class GetCertifierResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query('certifier')
  certifier(@Args('id') id: string): Promise<CertifierView | null> {
    return this.queries.execute(new GetCertifierQuery(id));
  }
}
