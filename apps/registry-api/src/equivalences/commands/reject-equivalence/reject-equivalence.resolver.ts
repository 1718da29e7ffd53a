import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetEquivalenceQuery } from '../../queries/get-equivalence/get-equivalence.query';
import { EquivalenceView } from '../../equivalence.view';
import { RejectEquivalenceCommand } from './reject-equivalence.command';
import { RejectEquivalenceInput } from './reject-equivalence.input';

@Resolver('Equivalence')
export class RejectEquivalenceResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('rejectEquivalence')
  rejectEquivalence(@Args('input') { idempotencyKey, ...data }: RejectEquivalenceInput, @RequestCtx() ctx: RequestContext): Promise<EquivalenceView> {
    // required=true: the handler throws EQUIVALENCE.NOT_FOUND rather than answer null.
    return this.ownWrite.answer(
      new RejectEquivalenceCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetEquivalenceQuery(data.equivalenceId, true, knownAt),
    );
  }
}
