import { LogPosition } from '@registry/event-store';
import { Query } from '@nestjs/cqrs';
import { Actor } from '@registry/kernel';
import { WeightsLocalizationView } from '../../records.views';

export class GetWeightsLocalizationQuery extends Query<WeightsLocalizationView | null> {
  constructor(
    readonly modelId: string,
    readonly version: string,
    readonly actor: Actor | undefined,
    /** Answer as the log stood at this position (a mutation answers as of its own write); default: now. */
    readonly knownAt?: LogPosition,
  ) {
    super();
  }
}
