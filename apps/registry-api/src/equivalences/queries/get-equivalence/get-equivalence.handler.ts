import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { equivalenceDecider, EquivalenceErrors, equivalenceStreamId } from '@registry/domain';
import { HistoryService } from '../../../history/history.service';
import { AggregateReader } from '../../../infrastructure/aggregate-reader';
import { VerdictService } from '../../../verdicts/verdict.service';
import { EquivalenceView, toEquivalenceView } from '../../equivalence.view';
import { GetEquivalenceQuery } from './get-equivalence.query';

/**
 * Folds the equivalence's stream with its decider (always current: a mutation answers with its own write), reads
 * its history for who decided what and when, and takes the requirements' titles from the verdict facts.
 */
@QueryHandler(GetEquivalenceQuery)
export class GetEquivalenceHandler implements IQueryHandler<GetEquivalenceQuery> {
  constructor(
    private readonly reader: AggregateReader,
    private readonly history: HistoryService,
    private readonly verdicts: VerdictService,
  ) {}

  async execute({ equivalenceId, required, knownAt, authenticated }: GetEquivalenceQuery): Promise<EquivalenceView | null> {
    const streamId = equivalenceStreamId(equivalenceId);
    const { state, version } = await this.reader.load(streamId, equivalenceDecider, knownAt);
    if (state.status === 'NONE') {
      if (required) throw EquivalenceErrors.notFound(equivalenceId);
      return null;
    }
    const [history, { facts }] = await Promise.all([this.history.of(streamId, true, knownAt, authenticated), this.verdicts.facts()]);
    return toEquivalenceView(equivalenceId, state, version, history, facts);
  }
}
