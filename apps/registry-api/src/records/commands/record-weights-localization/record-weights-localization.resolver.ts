import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetWeightsLocalizationQuery } from '../../queries/get-weights-localization/get-weights-localization.query';
import { WeightsLocalizationView } from '../../records.views';
import { RecordWeightsLocalizationCommand } from './record-weights-localization.command';
import { RecordWeightsLocalizationInput } from './record-weights-localization.input';

@Resolver('WeightsLocalization')
export class RecordWeightsLocalizationResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('recordWeightsLocalization')
  async record(@Args('input') input: RecordWeightsLocalizationInput, @RequestCtx() ctx: RequestContext): Promise<WeightsLocalizationView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new RecordWeightsLocalizationCommand(data, commandMetadata(ctx, idempotencyKey)));
    return (await this.queries.execute(new GetWeightsLocalizationQuery(data.modelId, data.version, ctx.actor, written.position)))!;
  }
}
