import { LogPosition } from '@registry/event-store';
import { Query } from '@nestjs/cqrs';
import { EquivalenceView } from '../../equivalence.view';

/** One equivalence, folded from its stream; `required` turns "none" into EQUIVALENCE.NOT_FOUND instead of null. */
export class GetEquivalenceQuery extends Query<EquivalenceView | null> {
  constructor(
    readonly equivalenceId: string,
    readonly required = false,
    /** Answer as the log stood at this position (a mutation answers as of its own write); default: now. */
    readonly knownAt?: LogPosition,
    /** Anonymous callers see history without subjects and correlation ids (see HistoryEvent in the SDL). */
    readonly authenticated = true,
  ) {
    super();
  }
}
