import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetPublicSectorSystemQuery } from '../../queries/public-sector.queries';
import { PublicSectorSystemView } from '../../public-sector.views';
import { RegisterPublicSectorSystemCommand } from './register-public-sector-system.command';
import { RegisterPublicSectorSystemInput } from './register-public-sector-system.input';

@Resolver('PublicSectorSystem')
export class RegisterPublicSectorSystemResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('registerPublicSectorSystem')
  async register(@Args('input') input: RegisterPublicSectorSystemInput, @RequestCtx() ctx: RequestContext): Promise<PublicSectorSystemView> {
    const { idempotencyKey, ...data } = input;
    await this.commands.execute(new RegisterPublicSectorSystemCommand(data, commandMetadata(ctx, idempotencyKey)));
    return (await this.queries.execute(new GetPublicSectorSystemQuery(data.systemId, ctx.actor)))!;
  }
}
