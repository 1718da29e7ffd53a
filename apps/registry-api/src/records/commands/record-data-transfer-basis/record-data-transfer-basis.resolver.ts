import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetDataTransferBasisQuery } from '../../queries/get-data-transfer-basis/get-data-transfer-basis.query';
import { DataTransferBasisView } from '../../records.views';
import { RecordDataTransferBasisCommand } from './record-data-transfer-basis.command';
import { RecordDataTransferBasisInput } from './record-data-transfer-basis.input';

@Resolver('DataTransferBasis')
export class RecordDataTransferBasisResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('recordDataTransferBasis')
  record(@Args('input') { idempotencyKey, ...data }: RecordDataTransferBasisInput, @RequestCtx() ctx: RequestContext): Promise<DataTransferBasisView> {
    return this.ownWrite.answer(
      new RecordDataTransferBasisCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetDataTransferBasisQuery(data.basisId, ctx.actor, knownAt),
    );
  }
}
