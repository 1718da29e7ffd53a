import { asOf } from '../../../graphql/as-of';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { modelDecider, ModelErrors, modelStreamId } from '@registry/domain';
import { AggregateReader } from '../../../infrastructure/aggregate-reader';
import { ModelView, toModelView } from '../../model.view';
import { GetModelQuery } from './get-model.query';

/** Folds the model's stream: always current, no read model to lag it. */
@QueryHandler(GetModelQuery)
export class GetModelHandler implements IQueryHandler<GetModelQuery> {
  constructor(private readonly reader: AggregateReader) {}

  async execute({ modelId, required, knownAt }: GetModelQuery): Promise<ModelView | null> {
    const { state, version } = await this.reader.load(modelStreamId(modelId), modelDecider, knownAt);
    const view = asOf(toModelView(state, version), knownAt);
    if (!view && required) throw ModelErrors.notFound(modelId);
    return view;
  }
}
