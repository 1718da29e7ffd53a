import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { localisationDecider, localisationStreamId } from '@registry/domain';
import { canSeeRestricted } from '../../../auth/visibility';
import { AggregateReader } from '../../../infrastructure/aggregate-reader';
import { RecordContextService } from '../../record-context.service';
import { localizationView, WeightsLocalizationView } from '../../records.views';
import { GetWeightsLocalizationQuery } from './get-weights-localization.query';

/** Folds the record's stream (always current); restricted fields only for those entitled. */
@QueryHandler(GetWeightsLocalizationQuery)
export class GetWeightsLocalizationHandler implements IQueryHandler<GetWeightsLocalizationQuery> {
  constructor(
    private readonly aggregates: AggregateReader,
    private readonly context: RecordContextService,
  ) {}

  async execute({ modelId, version, actor, knownAt }: GetWeightsLocalizationQuery): Promise<WeightsLocalizationView | null> {
    const streamId = localisationStreamId(modelId, version);
    const [{ state }, model, certifierIds] = await Promise.all([
      this.aggregates.load(streamId, localisationDecider, knownAt),
      this.context.model(modelId),
      this.context.certifierIds(modelId, version),
    ]);
    return localizationView(modelId, version, state, { streamId, knownAt, entitled: canSeeRestricted(actor, { firmId: model.ownerFirmId, certifierIds }) });
  }
}
