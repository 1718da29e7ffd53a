import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetWeightsLocalizationQuery } from '../../queries/get-weights-localization/get-weights-localization.query';
import { WeightsLocalizationView } from '../../records.views';
import { WithdrawWeightsLocalizationCommand } from './withdraw-weights-localization.command';
import { WithdrawWeightsLocalizationInput } from './withdraw-weights-localization.input';

@Resolver('WeightsLocalization')
export class WithdrawWeightsLocalizationResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('withdrawWeightsLocalization')
  async withdraw(@Args('input') input: WithdrawWeightsLocalizationInput, @RequestCtx() ctx: RequestContext): Promise<WeightsLocalizationView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new WithdrawWeightsLocalizationCommand(data, commandMetadata(ctx, idempotencyKey)));
    return (await this.queries.execute(new GetWeightsLocalizationQuery(data.modelId, data.version, ctx.actor, written.position)))!;
  }
}
