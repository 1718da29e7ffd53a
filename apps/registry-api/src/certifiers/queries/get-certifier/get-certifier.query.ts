import { LogPosition } from '@registry/event-store';
import { Query } from '@nestjs/cqrs';
import { CertifierView } from '../../certifier.view';

/** One certifier, folded from its stream; `required` turns "none" into CERTIFIER.NOT_FOUND instead of null. */
export class GetCertifierQuery extends Query<CertifierView | null> {
  constructor(
    readonly certifierId: string,
    readonly required = false,
    /** Answer as the log stood at this position (a mutation answers as of its own write); default: now. */
    readonly knownAt?: LogPosition,
  ) {
    super();
  }
}
