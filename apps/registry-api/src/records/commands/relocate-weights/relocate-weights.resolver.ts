import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetWeightsLocalizationQuery } from '../../queries/get-weights-localization/get-weights-localization.query';
import { WeightsLocalizationView } from '../../records.views';
import { RelocateWeightsCommand } from './relocate-weights.command';
import { RelocateWeightsInput } from './relocate-weights.input';

@Resolver('WeightsLocalization')
export class RelocateWeightsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('relocateWeights')
  async relocate(@Args('input') input: RelocateWeightsInput, @RequestCtx() ctx: RequestContext): Promise<WeightsLocalizationView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new RelocateWeightsCommand(data, commandMetadata(ctx, idempotencyKey)));
    return (await this.queries.execute(new GetWeightsLocalizationQuery(data.modelId, data.version, ctx.actor, written.position)))!;
  }
}
