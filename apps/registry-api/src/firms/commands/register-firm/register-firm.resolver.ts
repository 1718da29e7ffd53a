import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetFirmQuery } from '../../queries/get-firm/get-firm.query';
import { FirmView } from '../../firm.view';
import { RegisterFirmCommand } from './register-firm.command';
import { RegisterFirmInput } from './register-firm.input';

@Resolver('Firm')
export class RegisterFirmResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('registerFirm')
  async registerFirm(@Args('input') input: RegisterFirmInput, @RequestCtx() ctx: RequestContext): Promise<FirmView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new RegisterFirmCommand(data, commandMetadata(ctx, idempotencyKey)));
    // required=true: the handler throws FIRM.NOT_FOUND rather than answer null.
    return (await this.queries.execute(new GetFirmQuery(data.firmId, true, written.position)))!;
  }
}
