import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetFirmQuery } from '../../queries/get-firm/get-firm.query';
import { FirmView } from '../../firm.view';
import { RenameFirmCommand } from './rename-firm.command';
import { RenameFirmInput } from './rename-firm.input';

@Resolver('Firm')
export class RenameFirmResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('renameFirm')
  async renameFirm(@Args('input') input: RenameFirmInput, @RequestCtx() ctx: RequestContext): Promise<FirmView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new RenameFirmCommand(data, commandMetadata(ctx, idempotencyKey)));
    // required=true: the handler throws FIRM.NOT_FOUND rather than answer null.
    return (await this.queries.execute(new GetFirmQuery(data.firmId, true, written.position)))!;
  }
}
