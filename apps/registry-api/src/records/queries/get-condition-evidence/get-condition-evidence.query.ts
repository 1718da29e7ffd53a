import { LogPosition } from '@registry/event-store';
import { Query } from '@nestjs/cqrs';
import { ConditionEvidenceView } from '../../records.views';

export class GetConditionEvidenceQuery extends Query<ConditionEvidenceView | null> {
  constructor(
    readonly equivalenceId: string,
    readonly modelId: string,
    readonly version: string,
    /** Answer as the log stood at this position (a mutation answers as of its own write); default: now. */
    readonly knownAt?: LogPosition,
  ) {
    super();
  }
}
