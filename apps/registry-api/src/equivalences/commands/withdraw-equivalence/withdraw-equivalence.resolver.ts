import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetEquivalenceQuery } from '../../queries/get-equivalence/get-equivalence.query';
import { EquivalenceView } from '../../equivalence.view';
import { WithdrawEquivalenceCommand } from './withdraw-equivalence.command';
import { WithdrawEquivalenceInput } from './withdraw-equivalence.input';

@Resolver('Equivalence')
export class WithdrawEquivalenceResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('withdrawEquivalence')
  async withdrawEquivalence(@Args('input') input: WithdrawEquivalenceInput, @RequestCtx() ctx: RequestContext): Promise<EquivalenceView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new WithdrawEquivalenceCommand(data, commandMetadata(ctx, idempotencyKey)));
    // required=true: the handler throws EQUIVALENCE.NOT_FOUND rather than answer null.
    return (await this.queries.execute(new GetEquivalenceQuery(data.equivalenceId, true, written.position)))!;
  }
}
