import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { ModelView } from '../../model.view';
import { GetModelQuery } from '../../queries/get-model/get-model.query';
import { RegisterModelVersionCommand } from './register-model-version.command';
import { RegisterModelVersionInput } from './register-model-version.input';

@Resolver('Model')
export class RegisterModelVersionResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('registerModelVersion')
  registerModelVersion(@Args('input') { idempotencyKey, ...data }: RegisterModelVersionInput, @RequestCtx() ctx: RequestContext): Promise<ModelView> {
    return this.ownWrite.answer(new RegisterModelVersionCommand(data, commandMetadata(ctx, idempotencyKey)), (knownAt) =>
      GetModelQuery.required(data.modelId, knownAt),
    );
  }
}
