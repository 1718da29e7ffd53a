import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetRegulatorKeysQuery } from '../../queries/get-regulator-keys/get-regulator-keys.query';
import { RegulatorKeysView } from '../../regulator-key.view';
import { WithdrawRegulatorKeyCommand } from './withdraw-regulator-key.command';
import { WithdrawRegulatorKeyInput } from './withdraw-regulator-key.input';

@Resolver('RegulatorKeys')
export class WithdrawRegulatorKeyResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('withdrawRegulatorKey')
  withdrawRegulatorKey(@Args('input') { idempotencyKey, ...data }: WithdrawRegulatorKeyInput, @RequestCtx() ctx: RequestContext): Promise<RegulatorKeysView> {
    return this.ownWrite.answer(
      new WithdrawRegulatorKeyCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetRegulatorKeysQuery(data.jurisdiction, knownAt),
    );
  }
}
