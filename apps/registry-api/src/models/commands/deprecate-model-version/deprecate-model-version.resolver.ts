import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { ModelView } from '../../model.view';
import { GetModelQuery } from '../../queries/get-model/get-model.query';
import { DeprecateModelVersionCommand } from './deprecate-model-version.command';
import { DeprecateModelVersionInput } from './deprecate-model-version.input';

@Resolver('Model')
export class DeprecateModelVersionResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('deprecateModelVersion')
  deprecateModelVersion(@Args('input') { idempotencyKey, ...data }: DeprecateModelVersionInput, @RequestCtx() ctx: RequestContext): Promise<ModelView> {
    return this.ownWrite.answer(new DeprecateModelVersionCommand(data, commandMetadata(ctx, idempotencyKey)), (knownAt) =>
      GetModelQuery.required(data.modelId, knownAt),
    );
  }
}
