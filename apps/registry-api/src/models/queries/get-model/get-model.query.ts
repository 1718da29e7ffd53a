import { Query } from '@nestjs/cqrs';
import { ModelView } from '../../model.view';

/** One model, folded from its stream; `required` turns "none" into MODEL.NOT_FOUND instead of null. */
export class GetModelQuery extends Query<ModelView | null> {
  constructor(
    readonly modelId: string,
    readonly required = false,
  ) {
    super();
  }

  /** For mutations, which answer with the entity they just wrote. */
  static required(modelId: string): Query<ModelView> {
    return new GetModelQuery(modelId, true) as Query<ModelView>;
  }
}
