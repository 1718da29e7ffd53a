import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetRegulatorKeysQuery } from '../../queries/get-regulator-keys/get-regulator-keys.query';
import { RegulatorKeysView } from '../../regulator-key.view';
import { WithdrawRegulatorKeyCommand } from './withdraw-regulator-key.command';
import { WithdrawRegulatorKeyInput } from './withdraw-regulator-key.input';

@Resolver('RegulatorKeys')
export class WithdrawRegulatorKeyResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('withdrawRegulatorKey')
  async withdrawRegulatorKey(@Args('input') input: WithdrawRegulatorKeyInput, @RequestCtx() ctx: RequestContext): Promise<RegulatorKeysView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new WithdrawRegulatorKeyCommand(data, commandMetadata(ctx, idempotencyKey)));
    return this.queries.execute(new GetRegulatorKeysQuery(data.jurisdiction, written.position));
  }
}
