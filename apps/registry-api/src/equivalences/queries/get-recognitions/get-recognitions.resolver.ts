import { Args, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { Recognitions } from '@registry/contract';
import { GetRecognitionsQuery } from './get-recognitions.query';
import { RecognitionsArgs } from './get-recognitions.args';

@Resolver('Recognitions')
export class GetRecognitionsResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query('recognitions')
  recognitions(@Args() args: RecognitionsArgs): Promise<Recognitions> {
    const asOf = (args.asOf ?? new Date()).toISOString();
    return this.queries.execute(new GetRecognitionsQuery(args.jurisdiction, asOf, args.knownAt ?? undefined));
  }
}
