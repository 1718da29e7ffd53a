import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetConditionEvidenceQuery } from '../../queries/get-condition-evidence/get-condition-evidence.query';
import { ConditionEvidenceView } from '../../records.views';
import { RecordConditionEvidenceCommand } from './record-condition-evidence.command';
import { RecordConditionEvidenceInput } from './record-condition-evidence.input';

@Resolver('ConditionEvidence')
export class RecordConditionEvidenceResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('recordConditionEvidence')
  record(@Args('input') { idempotencyKey, ...data }: RecordConditionEvidenceInput, @RequestCtx() ctx: RequestContext): Promise<ConditionEvidenceView> {
    return this.ownWrite.answer(
      new RecordConditionEvidenceCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetConditionEvidenceQuery(data.equivalenceId, data.modelId, data.version, knownAt),
    );
  }
}
