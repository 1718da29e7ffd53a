import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { regulatorKeyDecider, regulatorKeyStreamId } from '@registry/domain';
import { HistoryService } from '../../../history/history.service';
import { AggregateReader } from '../../../infrastructure/aggregate-reader';
import { RegulatorKeysView, toRegulatorKeysView } from '../../regulator-key.view';
import { GetRegulatorKeysQuery } from './get-regulator-keys.query';

/** Folds the jurisdiction's key stream (always current) and reads its history; no keys is an empty list, not an error. */
@QueryHandler(GetRegulatorKeysQuery)
export class GetRegulatorKeysHandler implements IQueryHandler<GetRegulatorKeysQuery> {
  constructor(
    private readonly reader: AggregateReader,
    private readonly history: HistoryService,
  ) {}

  async execute({ jurisdiction, knownAt, authenticated }: GetRegulatorKeysQuery): Promise<RegulatorKeysView> {
    const streamId = regulatorKeyStreamId(jurisdiction);
    const { state, version } = await this.reader.load(streamId, regulatorKeyDecider, knownAt);
    const history = version === 0 ? [] : await this.history.of(streamId, true, knownAt, authenticated);
    return toRegulatorKeysView(jurisdiction, state, version, history);
  }
}
