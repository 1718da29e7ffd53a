import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { conditionEvidenceDecider, conditionEvidenceStreamId } from '@registry/domain';
import { AggregateReader } from '../../../infrastructure/aggregate-reader';
import { ConditionEvidenceView, evidenceView } from '../../records.views';
import { GetConditionEvidenceQuery } from './get-condition-evidence.query';

/** Condition evidence holds no restricted fields: it is public like the verdicts that rely on it. */
@QueryHandler(GetConditionEvidenceQuery)
export class GetConditionEvidenceHandler implements IQueryHandler<GetConditionEvidenceQuery> {
  constructor(private readonly aggregates: AggregateReader) {}

  async execute({ equivalenceId, modelId, version, knownAt }: GetConditionEvidenceQuery): Promise<ConditionEvidenceView | null> {
    const streamId = conditionEvidenceStreamId(equivalenceId, modelId, version);
    const { state, version: streamVersion } = await this.aggregates.load(streamId, conditionEvidenceDecider, knownAt);
    return evidenceView({ equivalenceId, modelId, version }, state, { streamId, knownAt, entitled: true }, streamVersion > 0);
  }
}
