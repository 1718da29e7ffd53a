import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetEquivalenceQuery } from '../../queries/get-equivalence/get-equivalence.query';
import { EquivalenceView } from '../../equivalence.view';
import { RejectEquivalenceCommand } from './reject-equivalence.command';
import { RejectEquivalenceInput } from './reject-equivalence.input';

@Resolver('Equivalence')
export class RejectEquivalenceResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('rejectEquivalence')
  async rejectEquivalence(@Args('input') input: RejectEquivalenceInput, @RequestCtx() ctx: RequestContext): Promise<EquivalenceView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new RejectEquivalenceCommand(data, commandMetadata(ctx, idempotencyKey)));
    // required=true: the handler throws EQUIVALENCE.NOT_FOUND rather than answer null.
    return (await this.queries.execute(new GetEquivalenceQuery(data.equivalenceId, true, written.position)))!;
  }
}
