import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetEquivalenceQuery } from '../../queries/get-equivalence/get-equivalence.query';
import { EquivalenceView } from '../../equivalence.view';
import { CountersignEquivalenceCommand } from './countersign-equivalence.command';
import { CountersignEquivalenceInput } from './countersign-equivalence.input';

@Resolver('Equivalence')
export class CountersignEquivalenceResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('countersignEquivalence')
  countersignEquivalence(@Args('input') { idempotencyKey, ...data }: CountersignEquivalenceInput, @RequestCtx() ctx: RequestContext): Promise<EquivalenceView> {
    // required=true: the handler throws EQUIVALENCE.NOT_FOUND rather than answer null.
    return this.ownWrite.answer(
      new CountersignEquivalenceCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetEquivalenceQuery(data.equivalenceId, true, knownAt),
    );
  }
}
