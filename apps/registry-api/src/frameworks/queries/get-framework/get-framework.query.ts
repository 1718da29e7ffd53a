import { LogPosition } from '@registry/event-store';
import { Query } from '@nestjs/cqrs';
import { FrameworkView } from '../../framework.view';

/** One framework, folded from its stream; null when never published. */
export class GetFrameworkQuery extends Query<FrameworkView | null> {
  constructor(
    readonly frameworkId: string,
    /** Answer as the log stood at this position (a mutation answers as of its own write); default: now. */
    readonly knownAt?: LogPosition,
  ) {
    super();
  }
}
