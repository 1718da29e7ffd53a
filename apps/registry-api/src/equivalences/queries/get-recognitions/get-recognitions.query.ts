import { Query } from '@nestjs/cqrs';
import { Recognitions } from '@registry/contract';
import { LogPosition } from '@registry/event-store';

/** What a jurisdiction recognises at `asOf` (an ISO instant), as known at `knownAt` (default: the log's head). */
export class GetRecognitionsQuery extends Query<Recognitions> {
  constructor(
    readonly jurisdiction: string,
    readonly asOf: string,
    readonly knownAt?: LogPosition,
  ) {
    super();
  }
}
