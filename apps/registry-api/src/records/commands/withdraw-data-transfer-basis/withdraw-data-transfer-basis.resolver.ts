import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetDataTransferBasisQuery } from '../../queries/get-data-transfer-basis/get-data-transfer-basis.query';
import { DataTransferBasisView } from '../../records.views';
import { WithdrawDataTransferBasisCommand } from './withdraw-data-transfer-basis.command';
import { WithdrawDataTransferBasisInput } from './withdraw-data-transfer-basis.input';

@Resolver('DataTransferBasis')
export class WithdrawDataTransferBasisResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('withdrawDataTransferBasis')
  withdraw(@Args('input') { idempotencyKey, ...data }: WithdrawDataTransferBasisInput, @RequestCtx() ctx: RequestContext): Promise<DataTransferBasisView> {
    return this.ownWrite.answer(
      new WithdrawDataTransferBasisCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetDataTransferBasisQuery(data.basisId, ctx.actor, knownAt),
    );
  }
}
