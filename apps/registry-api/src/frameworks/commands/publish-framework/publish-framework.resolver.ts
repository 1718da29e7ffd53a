import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetFrameworkQuery } from '../../queries/get-framework/get-framework.query';
import { FrameworkView } from '../../framework.view';
import { PublishFrameworkCommand } from './publish-framework.command';
import { PublishFrameworkInput } from './publish-framework.input';

@Resolver('Framework')
export class PublishFrameworkResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('publishFramework')
  publishFramework(@Args('input') { idempotencyKey, ...data }: PublishFrameworkInput, @RequestCtx() ctx: RequestContext): Promise<FrameworkView> {
    // The framework's stream now holds at least the version just published, so it is never null here.
    return this.ownWrite.answer(
      new PublishFrameworkCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetFrameworkQuery(data.frameworkId, knownAt),
    );
  }
}
