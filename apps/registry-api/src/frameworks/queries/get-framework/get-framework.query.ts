import { Query } from '@nestjs/cqrs';
import { FrameworkView } from '../../framework.view';

/** One framework, folded from its stream; null when never published. */
export class GetFrameworkQuery extends Query<FrameworkView | null> {
  constructor(readonly frameworkId: string) {
    super();
  }
}
