import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetEquivalenceQuery } from '../../queries/get-equivalence/get-equivalence.query';
import { EquivalenceView } from '../../equivalence.view';
import { ProposeEquivalenceCommand } from './propose-equivalence.command';
import { ProposeEquivalenceInput } from './propose-equivalence.input';

@Resolver('Equivalence')
export class ProposeEquivalenceResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('proposeEquivalence')
  proposeEquivalence(@Args('input') { idempotencyKey, ...data }: ProposeEquivalenceInput, @RequestCtx() ctx: RequestContext): Promise<EquivalenceView> {
    // required=true: the handler throws EQUIVALENCE.NOT_FOUND rather than answer null.
    return this.ownWrite.answer(
      new ProposeEquivalenceCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetEquivalenceQuery(data.equivalenceId, true, knownAt),
    );
  }
}
