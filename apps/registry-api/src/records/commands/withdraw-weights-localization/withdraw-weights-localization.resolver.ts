import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetWeightsLocalizationQuery } from '../../queries/get-weights-localization/get-weights-localization.query';
import { WeightsLocalizationView } from '../../records.views';
import { WithdrawWeightsLocalizationCommand } from './withdraw-weights-localization.command';
import { WithdrawWeightsLocalizationInput } from './withdraw-weights-localization.input';

@Resolver('WeightsLocalization')
export class WithdrawWeightsLocalizationResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('withdrawWeightsLocalization')
  withdraw(@Args('input') { idempotencyKey, ...data }: WithdrawWeightsLocalizationInput, @RequestCtx() ctx: RequestContext): Promise<WeightsLocalizationView> {
    return this.ownWrite.answer(
      new WithdrawWeightsLocalizationCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetWeightsLocalizationQuery(data.modelId, data.version, ctx.actor, knownAt),
    );
  }
}
