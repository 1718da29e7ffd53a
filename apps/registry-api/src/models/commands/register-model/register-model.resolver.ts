import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { ModelView } from '../../model.view';
import { GetModelQuery } from '../../queries/get-model/get-model.query';
import { RegisterModelCommand } from './register-model.command';
import { RegisterModelInput } from './register-model.input';

@Resolver('Model')
export class RegisterModelResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('registerModel')
  async registerModel(@Args('input') input: RegisterModelInput, @RequestCtx() ctx: RequestContext): Promise<ModelView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new RegisterModelCommand(data, commandMetadata(ctx, idempotencyKey)));
    return this.queries.execute(GetModelQuery.required(data.modelId, written.position));
  }
}
