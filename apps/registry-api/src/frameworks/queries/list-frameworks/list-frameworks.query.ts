import { Query } from '@nestjs/cqrs';
import { FrameworkView } from '../../framework.view';

/** Frameworks ordered by id, optionally of one jurisdiction and with a version in force at `asOf`. */
export class ListFrameworksQuery extends Query<FrameworkView[]> {
  constructor(
    readonly jurisdiction: string | null,
    readonly asOf: Date | null,
  ) {
    super();
  }
}
