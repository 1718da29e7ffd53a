import { Query } from '@nestjs/cqrs';
import { LogPosition } from '@registry/event-store';
import { RegulatorKeysView } from '../../regulator-key.view';

/** A jurisdiction's regulator keys, folded from its stream. */
export class GetRegulatorKeysQuery extends Query<RegulatorKeysView> {
  constructor(
    readonly jurisdiction: string,
    /** Answer as the log stood at this position (a mutation answers as of its own write); default: now. */
    readonly knownAt?: LogPosition,
    readonly authenticated = true,
  ) {
    super();
  }
}
