import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetDataTransferBasisQuery } from '../../queries/get-data-transfer-basis/get-data-transfer-basis.query';
import { DataTransferBasisView } from '../../records.views';
import { WithdrawDataTransferBasisCommand } from './withdraw-data-transfer-basis.command';
import { WithdrawDataTransferBasisInput } from './withdraw-data-transfer-basis.input';

@Resolver('DataTransferBasis')
export class WithdrawDataTransferBasisResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('withdrawDataTransferBasis')
  async withdraw(@Args('input') input: WithdrawDataTransferBasisInput, @RequestCtx() ctx: RequestContext): Promise<DataTransferBasisView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new WithdrawDataTransferBasisCommand(data, commandMetadata(ctx, idempotencyKey)));
    return (await this.queries.execute(new GetDataTransferBasisQuery(data.basisId, ctx.actor, written.position)))!;
  }
}
