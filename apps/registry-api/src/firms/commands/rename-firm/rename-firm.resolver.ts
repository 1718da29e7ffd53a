import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetFirmQuery } from '../../queries/get-firm/get-firm.query';
import { FirmView } from '../../firm.view';
import { RenameFirmCommand } from './rename-firm.command';
import { RenameFirmInput } from './rename-firm.input';

@Resolver('Firm')
export class RenameFirmResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('renameFirm')
  renameFirm(@Args('input') { idempotencyKey, ...data }: RenameFirmInput, @RequestCtx() ctx: RequestContext): Promise<FirmView> {
    return this.ownWrite.answer(new RenameFirmCommand(data, commandMetadata(ctx, idempotencyKey)), (knownAt) => new GetFirmQuery(data.firmId, true, knownAt));
  }
}
