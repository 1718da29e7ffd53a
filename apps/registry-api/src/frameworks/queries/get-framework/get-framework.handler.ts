import { asOf } from '../../../graphql/as-of';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { frameworkDecider, frameworkStreamId } from '@registry/domain';
import { AggregateReader } from '../../../infrastructure/aggregate-reader';
import { FrameworkView, toFrameworkView } from '../../framework.view';
import { GetFrameworkQuery } from './get-framework.query';

/** Folds the framework's stream: always current, no read model to lag it. */
@QueryHandler(GetFrameworkQuery)
export class GetFrameworkHandler implements IQueryHandler<GetFrameworkQuery> {
  constructor(private readonly reader: AggregateReader) {}

  async execute({ frameworkId, knownAt }: GetFrameworkQuery): Promise<FrameworkView | null> {
    const { state } = await this.reader.load(frameworkStreamId(frameworkId), frameworkDecider, knownAt);
    return asOf(toFrameworkView(state), knownAt);
  }
}
