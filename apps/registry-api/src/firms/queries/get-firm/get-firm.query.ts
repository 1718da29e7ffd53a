import { LogPosition } from '@registry/event-store';
import { Query } from '@nestjs/cqrs';
import { FirmView } from '../../firm.view';

/** One firm; `required` turns "none" into FIRM.NOT_FOUND instead of null. */
export class GetFirmQuery extends Query<FirmView | null> {
  constructor(
    readonly firmId: string,
    readonly required = false,
    /** Answer as the log stood at this position (a mutation answers as of its own write); default: now. */
    readonly knownAt?: LogPosition,
  ) {
    super();
  }
}
