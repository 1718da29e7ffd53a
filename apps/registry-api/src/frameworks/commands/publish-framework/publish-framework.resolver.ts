import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetFrameworkQuery } from '../../queries/get-framework/get-framework.query';
import { FrameworkView } from '../../framework.view';
import { PublishFrameworkCommand } from './publish-framework.command';
import { PublishFrameworkInput } from './publish-framework.input';

@Resolver('Framework')
export class PublishFrameworkResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('publishFramework')
  async publishFramework(@Args('input') input: PublishFrameworkInput, @RequestCtx() ctx: RequestContext): Promise<FrameworkView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new PublishFrameworkCommand(data, commandMetadata(ctx, idempotencyKey)));
    // The framework's stream now holds at least the version just published, so it is never null here.
    return (await this.queries.execute(new GetFrameworkQuery(data.frameworkId, written.position)))!;
  }
}
