import { Query } from '@nestjs/cqrs';
import { Actor } from '@registry/kernel';
import { WeightsLocalizationView } from '../../records.views';

export class GetWeightsLocalizationQuery extends Query<WeightsLocalizationView | null> {
  constructor(
    readonly modelId: string,
    readonly version: string,
    readonly actor: Actor | undefined,
  ) {
    super();
  }
}
