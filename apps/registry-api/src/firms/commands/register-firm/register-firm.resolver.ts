import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetFirmQuery } from '../../queries/get-firm/get-firm.query';
import { FirmView } from '../../firm.view';
import { RegisterFirmCommand } from './register-firm.command';
import { RegisterFirmInput } from './register-firm.input';

@Resolver('Firm')
export class RegisterFirmResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('registerFirm')
  registerFirm(@Args('input') { idempotencyKey, ...data }: RegisterFirmInput, @RequestCtx() ctx: RequestContext): Promise<FirmView> {
    return this.ownWrite.answer(new RegisterFirmCommand(data, commandMetadata(ctx, idempotencyKey)), (knownAt) => new GetFirmQuery(data.firmId, true, knownAt));
  }
}
