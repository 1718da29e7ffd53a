import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { ModelView } from '../../model.view';
import { GetModelQuery } from '../../queries/get-model/get-model.query';
import { RegisterModelCommand } from './register-model.command';
import { RegisterModelInput } from './register-model.input';

@Resolver('Model')
export class RegisterModelResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('registerModel')
  registerModel(@Args('input') { idempotencyKey, ...data }: RegisterModelInput, @RequestCtx() ctx: RequestContext): Promise<ModelView> {
    return this.ownWrite.answer(new RegisterModelCommand(data, commandMetadata(ctx, idempotencyKey)), (knownAt) =>
      GetModelQuery.required(data.modelId, knownAt),
    );
  }
}
