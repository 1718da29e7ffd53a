import { LogPosition } from '@registry/event-store';
import { Query } from '@nestjs/cqrs';
import { Actor } from '@registry/kernel';
import { DataTransferBasisView } from '../../records.views';

export class GetDataTransferBasisQuery extends Query<DataTransferBasisView | null> {
  constructor(
    readonly basisId: string,
    readonly actor: Actor | undefined,
    /** Answer as the log stood at this position (a mutation answers as of its own write); default: now. */
    readonly knownAt?: LogPosition,
  ) {
    super();
  }
}
