import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetWeightsLocalizationQuery } from '../../queries/get-weights-localization/get-weights-localization.query';
import { WeightsLocalizationView } from '../../records.views';
import { RecordWeightsLocalizationCommand } from './record-weights-localization.command';
import { RecordWeightsLocalizationInput } from './record-weights-localization.input';

@Resolver('WeightsLocalization')
export class RecordWeightsLocalizationResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('recordWeightsLocalization')
  record(@Args('input') { idempotencyKey, ...data }: RecordWeightsLocalizationInput, @RequestCtx() ctx: RequestContext): Promise<WeightsLocalizationView> {
    return this.ownWrite.answer(
      new RecordWeightsLocalizationCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetWeightsLocalizationQuery(data.modelId, data.version, ctx.actor, knownAt),
    );
  }
}
