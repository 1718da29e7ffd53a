import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetEquivalenceQuery } from '../../queries/get-equivalence/get-equivalence.query';
import { EquivalenceView } from '../../equivalence.view';
import { WithdrawEquivalenceCommand } from './withdraw-equivalence.command';
import { WithdrawEquivalenceInput } from './withdraw-equivalence.input';

@Resolver('Equivalence')
export class WithdrawEquivalenceResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('withdrawEquivalence')
  withdrawEquivalence(@Args('input') { idempotencyKey, ...data }: WithdrawEquivalenceInput, @RequestCtx() ctx: RequestContext): Promise<EquivalenceView> {
    // required=true: the handler throws EQUIVALENCE.NOT_FOUND rather than answer null.
    return this.ownWrite.answer(
      new WithdrawEquivalenceCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetEquivalenceQuery(data.equivalenceId, true, knownAt),
    );
  }
}
