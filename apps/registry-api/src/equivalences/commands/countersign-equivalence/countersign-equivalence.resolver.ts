import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetEquivalenceQuery } from '../../queries/get-equivalence/get-equivalence.query';
import { EquivalenceView } from '../../equivalence.view';
import { CountersignEquivalenceCommand } from './countersign-equivalence.command';
import { CountersignEquivalenceInput } from './countersign-equivalence.input';

@Resolver('Equivalence')
export class CountersignEquivalenceResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('countersignEquivalence')
  async countersignEquivalence(@Args('input') input: CountersignEquivalenceInput, @RequestCtx() ctx: RequestContext): Promise<EquivalenceView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new CountersignEquivalenceCommand(data, commandMetadata(ctx, idempotencyKey)));
    // required=true: the handler throws EQUIVALENCE.NOT_FOUND rather than answer null.
    return (await this.queries.execute(new GetEquivalenceQuery(data.equivalenceId, true, written.position)))!;
  }
}
