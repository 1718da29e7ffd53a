import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetConditionEvidenceQuery } from '../../queries/get-condition-evidence/get-condition-evidence.query';
import { ConditionEvidenceView } from '../../records.views';
import { WithdrawConditionEvidenceCommand } from './withdraw-condition-evidence.command';
import { WithdrawConditionEvidenceInput } from './withdraw-condition-evidence.input';

@Resolver('ConditionEvidence')
export class WithdrawConditionEvidenceResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('withdrawConditionEvidence')
  withdraw(@Args('input') { idempotencyKey, ...data }: WithdrawConditionEvidenceInput, @RequestCtx() ctx: RequestContext): Promise<ConditionEvidenceView> {
    return this.ownWrite.answer(
      new WithdrawConditionEvidenceCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetConditionEvidenceQuery(data.equivalenceId, data.modelId, data.version, knownAt),
    );
  }
}
