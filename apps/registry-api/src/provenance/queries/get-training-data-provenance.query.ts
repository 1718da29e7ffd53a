import { Query } from '@nestjs/cqrs';
import { LogPosition } from '@registry/event-store';
import { Actor } from '@registry/kernel';
import { TrainingDataProvenanceView } from '../provenance.view';

export class GetTrainingDataProvenanceQuery extends Query<TrainingDataProvenanceView | null> {
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
