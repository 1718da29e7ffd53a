import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetConditionEvidenceQuery } from '../../queries/get-condition-evidence/get-condition-evidence.query';
import { ConditionEvidenceView } from '../../records.views';
import { RecordConditionEvidenceCommand } from './record-condition-evidence.command';
import { RecordConditionEvidenceInput } from './record-condition-evidence.input';

@Resolver('ConditionEvidence')
export class RecordConditionEvidenceResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('recordConditionEvidence')
  async record(@Args('input') input: RecordConditionEvidenceInput, @RequestCtx() ctx: RequestContext): Promise<ConditionEvidenceView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new RecordConditionEvidenceCommand(data, commandMetadata(ctx, idempotencyKey)));
    return (await this.queries.execute(new GetConditionEvidenceQuery(data.equivalenceId, data.modelId, data.version, written.position)))!;
  }
}
