import { LogPosition } from '@registry/event-store';
import { Query } from '@nestjs/cqrs';
import { ModelView } from '../../model.view';

/** One model, folded from its stream; `required` turns "none" into MODEL.NOT_FOUND instead of null. */
export class GetModelQuery extends Query<ModelView | null> {
  constructor(
    readonly modelId: string,
    readonly required = false,
    /** Answer as the log stood at this position (a mutation answers as of its own write); default: now. */
    readonly knownAt?: LogPosition,
  ) {
    super();
  }

  /** For mutations, which answer with the entity they just wrote. */
  static required(modelId: string, knownAt?: LogPosition): Query<ModelView> {
    return new GetModelQuery(modelId, true, knownAt) as Query<ModelView>;
  }
}
