import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { ModelView } from '../../model.view';
import { GetModelQuery } from '../../queries/get-model/get-model.query';
import { DeprecateModelVersionCommand } from './deprecate-model-version.command';
import { DeprecateModelVersionInput } from './deprecate-model-version.input';

@Resolver('Model')
export class DeprecateModelVersionResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('deprecateModelVersion')
  async deprecateModelVersion(@Args('input') input: DeprecateModelVersionInput, @RequestCtx() ctx: RequestContext): Promise<ModelView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new DeprecateModelVersionCommand(data, commandMetadata(ctx, idempotencyKey)));
    return this.queries.execute(GetModelQuery.required(data.modelId, written.position));
  }
}
