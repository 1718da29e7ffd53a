import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetConditionEvidenceQuery } from '../../queries/get-condition-evidence/get-condition-evidence.query';
import { ConditionEvidenceView } from '../../records.views';
import { WithdrawConditionEvidenceCommand } from './withdraw-condition-evidence.command';
import { WithdrawConditionEvidenceInput } from './withdraw-condition-evidence.input';

@Resolver('ConditionEvidence')
export class WithdrawConditionEvidenceResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('withdrawConditionEvidence')
  async withdraw(@Args('input') input: WithdrawConditionEvidenceInput, @RequestCtx() ctx: RequestContext): Promise<ConditionEvidenceView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new WithdrawConditionEvidenceCommand(data, commandMetadata(ctx, idempotencyKey)));
    return (await this.queries.execute(new GetConditionEvidenceQuery(data.equivalenceId, data.modelId, data.version, written.position)))!;
  }
}
