import { LogPosition } from '@registry/event-store';
import { Query } from '@nestjs/cqrs';
import { Actor } from '@registry/kernel';
import { CertificationView } from '../../certification.view';

/** One certification, folded from its stream; `required` turns "none" into CERTIFICATION.NOT_FOUND instead of null. */
export class GetCertificationQuery extends Query<CertificationView | null> {
  constructor(
    readonly certificationId: string,
    readonly actor: Actor | undefined,
    readonly required = false,
    /** Answer as the log stood at this position (a mutation answers as of its own write); default: now. */
    readonly knownAt?: LogPosition,
  ) {
    super();
  }

  /** For mutations, which answer with the entity they just wrote. */
  static required(certificationId: string, actor: Actor | undefined, knownAt?: LogPosition): Query<CertificationView> {
    return new GetCertificationQuery(certificationId, actor, true, knownAt) as Query<CertificationView>;
  }
}
