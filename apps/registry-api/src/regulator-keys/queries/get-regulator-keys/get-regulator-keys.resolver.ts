import { Args, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { RequestContext, RequestCtx } from '../../../graphql/request-context';
import { RegulatorKeysView } from '../../regulator-key.view';
import { GetRegulatorKeysQuery } from './get-regulator-keys.query';
import { RegulatorKeysArgs } from './get-regulator-keys.args';

@Resolver('RegulatorKeys')
export class GetRegulatorKeysResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query('regulatorKeys')
  regulatorKeys(@Args() args: RegulatorKeysArgs, @RequestCtx() ctx: RequestContext): Promise<RegulatorKeysView> {
    return this.queries.execute(new GetRegulatorKeysQuery(args.jurisdiction, undefined, !!ctx.actor));
  }
}
