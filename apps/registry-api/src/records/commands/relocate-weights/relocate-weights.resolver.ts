import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetWeightsLocalizationQuery } from '../../queries/get-weights-localization/get-weights-localization.query';
import { WeightsLocalizationView } from '../../records.views';
import { RelocateWeightsCommand } from './relocate-weights.command';
import { RelocateWeightsInput } from './relocate-weights.input';

@Resolver('WeightsLocalization')
export class RelocateWeightsResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('relocateWeights')
  relocate(@Args('input') { idempotencyKey, ...data }: RelocateWeightsInput, @RequestCtx() ctx: RequestContext): Promise<WeightsLocalizationView> {
    return this.ownWrite.answer(
      new RelocateWeightsCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetWeightsLocalizationQuery(data.modelId, data.version, ctx.actor, knownAt),
    );
  }
}
