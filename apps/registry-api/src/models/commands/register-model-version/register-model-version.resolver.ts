import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { ModelView } from '../../model.view';
import { GetModelQuery } from '../../queries/get-model/get-model.query';
import { RegisterModelVersionCommand } from './register-model-version.command';
import { RegisterModelVersionInput } from './register-model-version.input';

@Resolver('Model')
export class RegisterModelVersionResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('registerModelVersion')
  async registerModelVersion(@Args('input') input: RegisterModelVersionInput, @RequestCtx() ctx: RequestContext): Promise<ModelView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new RegisterModelVersionCommand(data, commandMetadata(ctx, idempotencyKey)));
    return this.queries.execute(GetModelQuery.required(data.modelId, written.position));
  }
}
